package org.kexkit.elfcore;

import org.kexkit.bin.Elf64;

/**
 * The fields of {@code struct elf64_hdr} that a core file uses, after
 * validation by {@link ElfCoreReader}. {@code programHeaderCount} is the real
 * count, also when e_phnum holds PN_XNUM and the count sits in section 0.
 */
public record ElfHeader(
        int type,
        int machine,
        long entry,
        long programHeaderOffset,
        long sectionHeaderOffset,
        long flags,
        int headerSize,
        int programHeaderEntrySize,
        long programHeaderCount,
        int sectionHeaderEntrySize,
        int sectionHeaderCount,
        int sectionNameIndex) {

    /** sizeof(struct elf64_hdr). */
    public static final int SIZE = Elf64.EHDR_SIZE;
    /** e_ident[EI_MAG0..3]. */
    public static final byte[] MAGIC = {0x7f, 'E', 'L', 'F'};
    /** e_ident[EI_CLASS] for 64-bit objects. */
    public static final int ELFCLASS64 = 2;
    /** e_ident[EI_DATA] for little-endian objects. */
    public static final int ELFDATA2LSB = 1;
    /** e_ident[EI_VERSION] and e_version. */
    public static final int EV_CURRENT = 1;
    /** e_type of core files. */
    public static final int ET_CORE = 4;
    /** e_machine of x86-64. */
    public static final int EM_X86_64 = 62;
    /**
     * e_flags bit makedumpfile (DUMP_ELF_INCOMPLETE, makedumpfile.c) and kexkit set in an ELF dump
     * that was cut short: its segments may run past the end of the file.
     */
    public static final long DUMP_ELF_INCOMPLETE = 0x1;
    /** e_phnum value meaning "the count is in section header 0's sh_info". */
    public static final int PN_XNUM = Elf64.PN_XNUM;

    /** A short name for an e_type value, for messages. */
    public static String typeName(int type) {
        return switch (type) {
            case 0 -> "ET_NONE";
            case 1 -> "ET_REL";
            case 2 -> "ET_EXEC";
            case 3 -> "ET_DYN";
            case ET_CORE -> "ET_CORE";
            default -> "0x" + Integer.toHexString(type);
        };
    }

    /** A short name for an e_machine value, for messages. */
    public static String machineName(int machine) {
        return switch (machine) {
            case 3 -> "EM_386";
            case 40 -> "EM_ARM";
            case EM_X86_64 -> "EM_X86_64";
            case 183 -> "EM_AARCH64";
            case 21 -> "EM_PPC64";
            case 22 -> "EM_S390";
            case 243 -> "EM_RISCV";
            case 258 -> "EM_LOONGARCH";
            default -> String.valueOf(machine);
        };
    }
}
