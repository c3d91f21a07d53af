package org.kexkit.dump.memory;

import java.io.IOException;
import java.util.OptionalLong;
import org.kexkit.bin.PhysicalMemory;

/**
 * The x86-64 4- and 5-level page-table walk from the kernel's top-level table
 * (SYMBOL(init_top_pgt)), as makedumpfile's vtop4_x86_64 / vtop5_x86_64 do it.
 */
public final class X86PageTableWalk {
    /** _PAGE_PRESENT (arch/x86/include/asm/pgtable_types.h). */
    static final long PAGE_PRESENT = 0x1;
    /** _PAGE_PSE: a 1 GiB page at PUD level, a 2 MiB page at PMD level. */
    static final long PAGE_PSE = 0x80;
    /** Physical frame bits of an entry: makedumpfile's ENTRY_MASK ~0xfff0000000000fff (drops NX, flags). */
    static final long ENTRY_MASK = ~0xfff0000000000fffL;
    private static final int PUD_SHIFT = 30;
    private static final int PMD_SHIFT = 21;

    private final PhysicalMemory memory;
    private final long topTablePhys;
    private final int[] shifts;
    private final long frameMask;

    /**
     * @param topTablePhys physical address of the top-level table
     * @param fiveLevel    NUMBER(pgtable_l5_enabled) != 0
     * @param smeMask      NUMBER(sme_mask): the AMD SME encryption bit, not part of the address
     */
    public X86PageTableWalk(PhysicalMemory memory, long topTablePhys, boolean fiveLevel, long smeMask) {
        this.memory = memory;
        this.topTablePhys = topTablePhys;
        this.shifts = fiveLevel ? new int[] {48, 39, 30, 21, 12} : new int[] {39, 30, 21, 12};
        this.frameMask = ENTRY_MASK & ~smeMask;
    }

    /** The memory the tables are read from. */
    PhysicalMemory memory() {
        return memory;
    }

    /** The physical address of {@code vaddr}, or empty if some level is not present or not in memory. */
    public OptionalLong translate(long vaddr) throws IOException {
        Leaf leaf = leaf(vaddr);
        return leaf == null ? OptionalLong.empty() : OptionalLong.of(leaf.phys() | (vaddr & (leaf.size() - 1)));
    }

    /**
     * The page that maps {@code vaddr}: a 4 KiB page, or a 2 MiB or 1 GiB one (PSE at PMD or PUD
     * level, as the kernel maps vmemmap and the direct map), or null if not present or not in memory.
     */
    Leaf leaf(long vaddr) throws IOException {
        long table = topTablePhys;
        for (int shift : shifts) {
            long index = (vaddr >>> shift) & 0x1ff;
            OptionalLong entry = memory.readLong(table + index * 8);
            if (entry.isEmpty() || (entry.getAsLong() & PAGE_PRESENT) == 0) {
                return null;
            }
            long e = entry.getAsLong();
            if ((shift == PUD_SHIFT || shift == PMD_SHIFT) && (e & PAGE_PSE) != 0) {
                long size = 1L << shift;
                return new Leaf(e & frameMask & ~(size - 1), size);
            }
            table = e & frameMask;
        }
        return new Leaf(table, 1L << 12);
    }

    /** A page of the kernel's mapping: where its frame starts and its size. */
    record Leaf(long phys, long size) {
    }
}
