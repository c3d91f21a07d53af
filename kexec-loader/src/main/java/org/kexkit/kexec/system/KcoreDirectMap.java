package org.kexkit.kexec.system;

import java.util.List;
import org.kexkit.bin.FormatException;
import org.kexkit.elfcore.ElfCore;
import org.kexkit.elfcore.ProgramHeader;

/**
 * Finds the base of the kernel's direct map (page_offset_base, randomised by
 * KASLR; 0xff11000000000000 unrandomised with 5-level paging,
 * 0xffff888000000000 with 4-level) from the program headers of /proc/kcore.
 *
 * <p>fs/proc/kcore.c gives KCORE_RAM loads p_paddr = __pa(vaddr), KCORE_TEXT
 * p_paddr = __pa_symbol(vaddr) and every other load p_paddr = -1. So a load
 * below the kernel text map (__START_KERNEL_map) with a real p_paddr is a
 * direct-map RAM load and vaddr - paddr is the base exactly. Kernels that
 * give no p_paddr fall back to kexec-tools' rule (crashdump-x86.c
 * get_kernel_page_offset): the lowest load vaddr rounded down to 1 GiB.
 */
public final class KcoreDirectMap {
    /** __START_KERNEL_map (arch/x86/include/asm/page_64_types.h): kernel text lives at or above it. */
    static final long START_KERNEL_MAP = 0xffffffff80000000L;
    /** kexec-tools rounds the lowest kcore vaddr down to this (1 GiB, the KASLR alignment of the direct map). */
    static final long DIRECT_MAP_ALIGN = 1L << 30;
    /** The p_paddr fs/proc/kcore.c gives loads with no physical address. */
    private static final long NO_PADDR = -1L;

    private KcoreDirectMap() {
    }

    public static long directMapBase(ElfCore kcore) throws FormatException {
        List<ProgramHeader> belowText = kcore.loads().stream()
                .filter(ph -> Long.compareUnsigned(ph.vaddr(), START_KERNEL_MAP) < 0)
                .sorted((a, b) -> Long.compareUnsigned(a.vaddr(), b.vaddr()))
                .toList();
        if (belowText.isEmpty()) {
            throw new FormatException(kcore.source(), kcore.header().programHeaderOffset(),
                    "expected a PT_LOAD of the direct map (below 0xffffffff80000000), found none");
        }
        for (ProgramHeader ph : belowText) {
            if (ph.paddr() != NO_PADDR) {
                return ph.vaddr() - ph.paddr();
            }
        }
        return belowText.get(0).vaddr() & -DIRECT_MAP_ALIGN;
    }
}
