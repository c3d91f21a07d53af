package org.kexkit.kexec.image;

/**
 * One entry of the e820 memory map handed to the next kernel
 * (struct boot_e820_entry {u64 addr; u64 size; u32 type}, bootparam.h).
 */
public record E820Entry(long start, long size, int type) {
    /** E820_TYPE_* (arch/x86/include/asm/e820/types.h). */
    public static final int RAM = 1;
    public static final int RESERVED = 2;
    public static final int ACPI = 3;
    public static final int NVS = 4;
    public static final int PMEM = 7;
    /** Legacy persistent memory (memmap=nn!ss), E820_TYPE_PRAM. */
    public static final int PRAM = 12;

    /** Size of struct boot_e820_entry. */
    public static final int BYTES = 20;

    public E820Entry {
        if (size <= 0) {
            throw new IllegalArgumentException("e820 entry at 0x" + Long.toHexString(start) + " has size " + size);
        }
    }

    public long endExclusive() {
        return start + size;
    }
}
