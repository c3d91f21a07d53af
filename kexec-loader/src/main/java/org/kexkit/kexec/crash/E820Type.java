package org.kexkit.kexec.crash;

/** The e820 types a capture kernel's memory map uses (E820_TYPE_*, arch/x86/include/asm/e820/types.h). */
public enum E820Type {
    RAM(1),
    RESERVED(2),
    ACPI(3),
    NVS(4),
    PMEM(7),
    /** Legacy persistent memory, memmap=nn!ss (E820_TYPE_PRAM). */
    PRAM(12);

    private final int code;

    E820Type(int code) {
        this.code = code;
    }

    /** The value of struct boot_e820_entry.type. */
    public int code() {
        return code;
    }
}
