package org.kexkit.kexec.crash;

import java.util.ArrayList;
import java.util.List;
import org.kexkit.bin.PhysRange;
import org.kexkit.kexec.system.IomemKind;
import org.kexkit.kexec.system.IomemTree;

/**
 * The physical ranges a crash core header asks the capture kernel to dump:
 * every "System RAM" range of /proc/iomem, minus the low 1 MiB, minus every
 * "Crash kernel" reservation, minus GART; ranges split where a cut falls
 * inside them, kept in address order, one PT_LOAD each (adjacent ranges are
 * not merged: neither the kernel nor kexec-tools merges them).
 *
 * <p>The low 1 MiB follows the kernel, not kexec-tools. kexec-tools keeps
 * 0x1000-0x9fc00 through a "backup region" that purgatory copies into the
 * crash region at crash time, because the capture kernel used to overwrite
 * low memory. x86 kernels now reserve the whole low 1 MiB at boot, so the
 * first kernel keeps nothing there that a dump needs, and the kernel's own
 * kexec_file_load header leaves it out: arch/x86/kernel/crash.c
 * elf_header_exclude_ranges() starts with
 * {@code crash_exclude_mem_range(cmem, 0, SZ_1M - 1)} under the comment
 * "Exclude the low 1M because it is always reserved" (torvalds/linux, read
 * 2026-11), and crash_setup_memmap_entries() hands that same low 1 MiB to the
 * capture kernel as usable RAM ("Add the low 1M"). No backup segment, no
 * purgatory copy, and the QEMU guests' kexec_file_load headers (RAM PT_LOADs
 * from 0x100000) are reproduced exactly.
 *
 * <p>Also left out, as the kernel leaves them out of its own header
 * (elf_header_exclude_ranges(), the loop over crashk_cma_ranges): the
 * crashkernel=SIZE,cma areas. The first kernel lends them to movable
 * allocations (user pages, page cache) and the capture kernel gets them as RAM
 * ({@link CaptureMemoryMap}), so what they held is gone by the time the dump is
 * read. /proc/iomem does not show them; /sys/kernel/kexec_crash_cma_ranges does.
 */
public final class DumpRanges {
    /** The low 1 MiB the kernel never dumps (SZ_1M in elf_header_exclude_ranges). */
    public static final PhysRange LOW_1M = new PhysRange(0, 1L << 20);

    private DumpRanges() {
    }

    public static List<PhysRange> ramToDump(IomemTree iomem) {
        return ramToDump(iomem, List.of());
    }

    /** The ranges to dump when the crash reservation also has crashkernel=,cma areas. */
    public static List<PhysRange> ramToDump(IomemTree iomem, List<PhysRange> crashCma) {
        List<PhysRange> ram = new ArrayList<>(iomem.rangesOf(IomemKind.SYSTEM_RAM));
        ram.sort(null);
        List<PhysRange> cuts = new ArrayList<>();
        cuts.add(LOW_1M);
        cuts.addAll(iomem.crashKernel());
        cuts.addAll(iomem.rangesOf(IomemKind.GART));
        cuts.addAll(crashCma);
        return PhysRange.minusAll(ram, cuts);
    }
}
