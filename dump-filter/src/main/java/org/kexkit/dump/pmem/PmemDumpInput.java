package org.kexkit.dump.pmem;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kexkit.bin.FormatException;
import org.kexkit.bin.PhysRange;
import org.kexkit.dump.elf.ElfVmcore;
import org.kexkit.dump.source.VmcoreSource;
import org.kexkit.elfcore.ProgramHeader;
import org.kexkit.pmem.NamespaceBytes;
import org.kexkit.pmem.NdBus;
import org.kexkit.pmem.PmemDiscovery;
import org.kexkit.pmem.PmemLayout;
import org.kexkit.pmem.PmemNamespace;
import org.kexkit.pmem.PmemResource;
import org.kexkit.pmem.PmemResourceKind;
import org.kexkit.pmem.PmemSystem;

/**
 * The pmem side of a dump's input: which pmem layout the dump is filtered with, where it came from,
 * and the source to read, with the metadata added from the devices when the vmcore lacks pmem.
 *
 * <p>The layout comes, in this order, from kexkit's note in the vmcore (a kexec_load capture, or a
 * dump written from one), from a layout recorded when the capture kernel was loaded, or from the
 * capture kernel itself. A vmcore with pmem loads (PF_DEV) but no layout has all of them counted as
 * user data. When the vmcore has no pmem pfns at all (kexec_file_load: the kernel leaves pmem out
 * of its header), each namespace's metadata is read from its raw device in the capture kernel; the
 * info block there must agree with the layout, and a namespace whose device is missing, claimed by
 * an fsdax or devdax driver of this kernel (which re-initialised the memmap), or disagreeing, keeps
 * no metadata, with one warning line naming it.
 *
 * @param source   what the dump reads: the vmcore, or the vmcore with the pmem added
 * @param layout   the layout the filter uses (namespaces that could not be read have a problem)
 * @param origin   where the layout came from, for the report
 * @param warnings one line each, for the user
 */
public record PmemDumpInput(VmcoreSource source, PmemLayout layout, String origin, List<String> warnings) {
    public PmemDumpInput {
        warnings = List.copyOf(warnings);
    }

    /**
     * @param recorded the layout recorded at load time, with its file name
     * @param here     the running kernel's pmem: given only when the vmcore is this kernel's /proc/vmcore
     */
    public static PmemDumpInput resolve(VmcoreSource vmcore, Optional<Recorded> recorded, Optional<PmemSystem> here)
            throws IOException, FormatException {
        List<String> warnings = new ArrayList<>();
        Optional<PmemLayout> note = PmemNotes.layout(vmcore);
        PmemLayout layout;
        String origin;
        if (note.isPresent()) {
            layout = note.get();
            origin = "the vmcore's kexkit pmem note";
        } else if (recorded.isPresent()) {
            layout = recorded.get().layout();
            origin = recorded.get().name();
        } else if (here.isPresent() && !here.get().layout().isEmpty()) {
            layout = here.get().layout();
            origin = "this kernel's /sys/bus/nd and namespace devices";
        } else {
            List<PhysRange> marked = pfDevLoads(vmcore);
            if (marked.isEmpty()) {
                return new PmemDumpInput(vmcore, PmemLayout.NONE, "none", List.of());
            }
            layout = PmemDiscovery.discover(marked.stream().map(r -> new PmemResource(r,
                    PmemResourceKind.PERSISTENT_MEMORY, List.of())).toList(), NdBus.EMPTY, ns -> Optional.empty());
            warnings.add("pmem: the vmcore has PF_DEV loads but no pmem layout, so all of them count as user data;"
                    + " give the layout recorded at load time with --pmem-layout");
            return new PmemDumpInput(vmcore, layout, "the vmcore's PF_DEV loads", warnings);
        }
        if (!coversPmem(vmcore, layout)) {
            Map<String, NamespaceBytes> devices = new HashMap<>();
            for (PmemNamespace ns : layout.namespaces()) {
                if (ns.metadata().isEmpty()) {
                    continue;
                }
                Optional<PmemNamespace> checked = device(ns, here, devices);
                if (checked.isPresent()) {
                    layout = layout.with(checked.get());
                }
            }
            vmcore = new PmemMetadataSource(vmcore, layout, devices);
        }
        for (String problem : layout.problems()) {
            warnings.add("pmem: " + problem + "; all of that namespace counts as user data, none of it is dumped");
        }
        return new PmemDumpInput(vmcore, layout, origin, warnings);
    }

    /** A layout recorded at load time ({@code kexkit pmem list --layout}), with its file name. */
    public record Recorded(PmemLayout layout, String name) {
    }

    /**
     * Finds the namespace's raw device among {@code here}'s and checks its info block; the namespace
     * with a problem when that fails, empty when all is well (then its device is in {@code devices}).
     */
    private static Optional<PmemNamespace> device(PmemNamespace ns, Optional<PmemSystem> here,
            Map<String, NamespaceBytes> devices) {
        if (here.isEmpty()) {
            return Optional.of(problem(ns, "the vmcore has no pmem and this is not its capture kernel, so the metadata"
                    + " cannot be read from the device"));
        }
        Optional<NdBus.Namespace> match = here.get().namespaceAt(ns.range());
        if (match.isEmpty()) {
            return Optional.of(problem(ns, "this kernel has no namespace at " + ns.range()
                    + " (load libnvdimm and the region's driver)"));
        }
        NdBus.Namespace m = match.get();
        if (!m.holder().isBlank()) {
            return Optional.of(problem(ns, "this kernel's " + m.holder() + " claims it (as " + m.name()
                    + "), and binding it re-initialised the memmap; bind it raw (force_raw) before its driver loads"));
        }
        Optional<NamespaceBytes> device = here.get().devices().apply(m);
        if (device.isEmpty()) {
            return Optional.of(problem(ns, "this kernel's " + m.name() + " has no raw block device"
                    + " (force_raw=1, then load nd_pmem)"));
        }
        PmemNamespace checked = PmemDiscovery.verify(ns, PmemDiscovery.uuid(m.uuid()), device.get());
        if (checked.problem().isPresent()) {
            return Optional.of(checked);
        }
        devices.put(ns.name(), device.get());
        return Optional.empty();
    }

    private static PmemNamespace problem(PmemNamespace ns, String why) {
        return PmemNamespace.withoutMetadata(ns.name(), ns.region(), ns.range(), ns.mode(), Optional.of(ns.name() + ": " + why));
    }

    /** True when every pmem range of the layout is in the vmcore (a -c capture, or a dump made from one). */
    private static boolean coversPmem(VmcoreSource vmcore, PmemLayout layout) {
        int shift = vmcore.memory().pageShift();
        return layout.pmemRanges().stream().allMatch(r -> vmcore.memory().backed(r.start() >>> shift));
    }

    private static List<PhysRange> pfDevLoads(VmcoreSource vmcore) {
        if (!(vmcore instanceof ElfVmcore elf)) {
            return List.of();
        }
        return elf.loads().stream().filter(ph -> (ph.flags() & ProgramHeader.PF_DEV) != 0 && ph.memsz() > 0)
                .map(ph -> PhysRange.ofSize(ph.paddr(), ph.memsz())).toList();
    }
}
