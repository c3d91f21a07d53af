package org.kexkit.kexec.crash;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.kexkit.bin.PhysRange;
import org.kexkit.kexec.system.IomemEntry;
import org.kexkit.kexec.system.IomemKind;
import org.kexkit.kexec.system.IomemTree;

/**
 * The memory map the capture kernel boots with (the e820 table of its
 * boot_params), built from the first kernel's /proc/iomem the way both the
 * kernel (arch/x86/kernel/crash.c crash_setup_memmap_entries) and kexec-tools
 * (crashdump-x86.c, info->crash_range, REFERENCE 4.3 step 7) do:
 *
 * <ul>
 * <li>usable RAM (1): the "System RAM" inside the low 1 MiB (the kernel's
 *     "Add the low 1M": the first kernel keeps it reserved, so the capture
 *     kernel may use it; it is not dumped, see {@link DumpRanges}), and every
 *     "Crash kernel" reservation minus the ranges it must not touch (the
 *     elfcorehdr segment: both the kernel and kexec-tools cut it out; pieces
 *     under a page are dropped, as the kernel does), and every crashkernel=SIZE,cma
 *     area whole (crash_setup_memmap_entries() adds each of crashk_cma_ranges as
 *     E820_TYPE_RAM: the capture kernel's extra memory);
 * <li>ACPI Tables (3) and ACPI Non-volatile Storage (4), so the capture
 *     kernel maps and finds ACPI;
 * <li>reserved (2): "Reserved"/"reserved" ranges, so it does not put PCI
 *     windows over them (the kernel walks IORES_DESC_RESERVED);
 * <li>persistent memory (7, and 12 for legacy): kexec-tools passes these
 *     (RANGE_PMEM, RANGE_PRAM) so pmem stays reachable; the kernel's
 *     kexec_file_load path does not.
 * </ul>
 * Entries come sorted by address; a range nested inside another of the same
 * type (e.g. "Reserved" under "Reserved") is listed once.
 */
public final class CaptureMemoryMap {
    /** The kernel drops crash-region pieces smaller than a page ("If entry is less than a page, skip it"). */
    static final long PAGE_SIZE = 4096;

    private CaptureMemoryMap() {
    }

    /**
     * @param keepOut ranges inside the crash region the capture kernel must not
     *                use as RAM: at least the elfcorehdr segment
     */
    public static List<CaptureMemoryRange> build(IomemTree iomem, List<PhysRange> keepOut) {
        return build(iomem, keepOut, List.of());
    }

    /** @param crashCma the crashkernel=,cma areas, given to the capture kernel as RAM */
    public static List<CaptureMemoryRange> build(IomemTree iomem, List<PhysRange> keepOut, List<PhysRange> crashCma) {
        List<CaptureMemoryRange> out = new ArrayList<>();
        for (PhysRange ram : iomem.rangesOf(IomemKind.SYSTEM_RAM)) {
            if (ram.overlaps(DumpRanges.LOW_1M)) {
                long end = Long.compareUnsigned(ram.end(), DumpRanges.LOW_1M.end()) < 0 ? ram.end()
                        : DumpRanges.LOW_1M.end();
                out.add(new CaptureMemoryRange(ram.start(), end - ram.start(), E820Type.RAM));
            }
        }
        for (PhysRange crash : iomem.crashKernel()) {
            for (PhysRange usable : PhysRange.minusAll(List.of(crash), keepOut)) {
                if (usable.size() >= PAGE_SIZE) {
                    out.add(new CaptureMemoryRange(usable.start(), usable.size(), E820Type.RAM));
                }
            }
        }
        for (PhysRange cma : crashCma) {
            out.add(new CaptureMemoryRange(cma.start(), cma.size(), E820Type.RAM));
        }
        addKind(out, iomem, IomemKind.ACPI_TABLES, E820Type.ACPI);
        addKind(out, iomem, IomemKind.ACPI_NVS, E820Type.NVS);
        addKind(out, iomem, IomemKind.RESERVED, E820Type.RESERVED);
        addKind(out, iomem, IomemKind.PERSISTENT_MEMORY, E820Type.PMEM);
        addKind(out, iomem, IomemKind.PERSISTENT_MEMORY_LEGACY, E820Type.PRAM);
        out.sort(Comparator.comparing(CaptureMemoryRange::start, Long::compareUnsigned)
                .thenComparing(CaptureMemoryRange::size, Long::compareUnsigned));
        return out;
    }

    private static void addKind(List<CaptureMemoryRange> out, IomemTree iomem, IomemKind kind, E820Type type) {
        List<PhysRange> added = new ArrayList<>();
        for (IomemEntry entry : iomem.ofKind(kind)) {
            PhysRange range = entry.range();
            if (added.stream().anyMatch(r -> r.contains(range))) {
                continue;
            }
            added.add(range);
            out.add(new CaptureMemoryRange(range.start(), range.size(), type));
        }
    }
}
