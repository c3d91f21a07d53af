package org.kexkit.dump.pmem;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.kexkit.bin.FormatException;
import org.kexkit.bin.PhysRange;
import org.kexkit.dump.memory.KernelMemoryModel;
import org.kexkit.dump.memory.VmcoreInfoLocation;
import org.kexkit.dump.source.SourcePhysicalMemory;
import org.kexkit.dump.source.VmcoreSource;
import org.kexkit.pmem.PfnMode;
import org.kexkit.pmem.PmemLayout;
import org.kexkit.pmem.PmemNamespace;

/**
 * Where the struct pages of the pmem pfns physically are, found the way the kernel finds them: the
 * mem_map pointer of each pfn's section (vmemmap), translated through the kernel's own page tables.
 * For a namespace whose memmap is in RAM (case C) these are System RAM pages the kernel allocated
 * when it mapped the namespace; for one whose memmap is on the device (case D) they lie in the
 * namespace's metadata, which this checks.
 *
 * @param inRam     the RAM pages holding struct pages of pmem pfns, merged into ranges
 * @param onDevice  the device pages holding them
 * @param warnings  one line each: struct pages on the device outside the metadata, or none found
 */
public record MemmapPages(List<PhysRange> inRam, List<PhysRange> onDevice, List<String> warnings) {
    public static final MemmapPages NONE = new MemmapPages(List.of(), List.of(), List.of());

    public MemmapPages {
        inRam = List.copyOf(inRam);
        onDevice = List.copyOf(onDevice);
        warnings = List.copyOf(warnings);
    }

    public static MemmapPages locate(VmcoreSource source, PmemLayout layout) throws IOException, FormatException {
        if (layout.namespaces().stream().noneMatch(n -> n.memmap() != PfnMode.NONE)) {
            return NONE;
        }
        VmcoreInfoLocation where = source.vmcoreInfoLocation().orElse(null);
        if (where == null) {
            return new MemmapPages(List.of(), List.of(), List.of("pmem: no VMCOREINFO, so the RAM pages of a memmap in RAM"
                    + " cannot be found; they are kept or dropped by their own class"));
        }
        int pageSize = source.pageSize();
        TreeSet<Long> ram = new TreeSet<>();
        TreeSet<Long> device = new TreeSet<>();
        List<String> warnings = new ArrayList<>();
        try (SourcePhysicalMemory memory = new SourcePhysicalMemory(source)) {
            KernelMemoryModel model;
            try {
                model = KernelMemoryModel.of(memory, source.directMapBase(), where, pageSize);
            } catch (FormatException e) {
                return new MemmapPages(List.of(), List.of(), List.of("pmem: the memmap pages cannot be found ("
                        + e.getMessage() + "); a memmap in RAM is kept or dropped by its own page class"));
            }
            int perPage = pageSize / model.memMap().sizePage();
            for (PmemNamespace ns : layout.namespaces()) {
                if (ns.memmap() == PfnMode.NONE) {
                    continue;
                }
                long found = 0;
                long outside = 0;
                long first = ns.range().start() / pageSize;
                long end = ns.range().end() / pageSize;
                for (long pfn = first; pfn < end; pfn += perPage) {
                    OptionalLong page = model.memMap().structPage(pfn);
                    OptionalLong phys = page.isPresent() ? model.space().toPhysical(page.getAsLong()) : OptionalLong.empty();
                    if (phys.isEmpty()) {
                        continue;
                    }
                    long at = phys.getAsLong() / pageSize * pageSize;
                    found++;
                    if (ns.memmap() == PfnMode.RAM) {
                        ram.add(at);
                    } else if (ns.metadata().map(m -> m.contains(at)).orElse(false)) {
                        device.add(at);
                    } else {
                        outside++;
                    }
                }
                if (found == 0) {
                    warnings.add("pmem: " + ns.name() + ": no struct page of its pfns is mapped in the vmemmap of this dump");
                } else if (outside > 0) {
                    warnings.add("pmem: " + ns.name() + ": " + outside + " of its memmap pages lie outside its metadata "
                            + ns.metadata().map(Object::toString).orElse("(none)"));
                }
            }
        }
        return new MemmapPages(ranges(ram, pageSize), ranges(device, pageSize), warnings);
    }

    private static List<PhysRange> ranges(TreeSet<Long> pages, int pageSize) {
        List<PhysRange> out = new ArrayList<>();
        long start = -1;
        long end = -1;
        for (long p : pages) {
            if (p != end) {
                if (start >= 0) {
                    out.add(new PhysRange(start, end));
                }
                start = p;
            }
            end = p + pageSize;
        }
        if (start >= 0) {
            out.add(new PhysRange(start, end));
        }
        return out;
    }

    public long ramPages(int pageSize) {
        return inRam.stream().mapToLong(r -> r.size() / pageSize).sum();
    }
}
