package org.kexkit.bin;

/**
 * ELF64 layout: sizes and field offsets of {@code struct elf64_hdr}, {@code elf64_phdr} and
 * {@code elf64_shdr} (include/uapi/linux/elf.h), and the few constants kexkit's formats share.
 * Readers and writers of vmcores, ELF dumps and vmlinux section tables take their offsets from
 * here, so no module spells 0x28 for e_shoff on its own.
 */
public final class Elf64 {
    private Elf64() {
    }

    /** sizeof(struct elf64_hdr). */
    public static final int EHDR_SIZE = 64;
    /** sizeof(struct elf64_phdr). */
    public static final int PHDR_SIZE = 56;
    /** sizeof(struct elf64_shdr). */
    public static final int SHDR_SIZE = 64;

    /** e_ident[EI_NIDENT]: the identification bytes before e_type. */
    public static final int EI_NIDENT = 16;
    /** e_ident index of the class (ELFCLASS64 = 2). */
    public static final int EI_CLASS = 4;
    /** e_ident index of the byte order (ELFDATA2LSB = 1). */
    public static final int EI_DATA = 5;

    /** struct elf64_hdr field offsets. */
    public static final int E_TYPE = 16;
    public static final int E_MACHINE = 18;
    public static final int E_VERSION = 20;
    public static final int E_ENTRY = 24;
    public static final int E_PHOFF = 32;
    public static final int E_SHOFF = 40;
    public static final int E_FLAGS = 48;
    public static final int E_EHSIZE = 52;
    public static final int E_PHENTSIZE = 54;
    public static final int E_PHNUM = 56;
    public static final int E_SHENTSIZE = 58;
    public static final int E_SHNUM = 60;
    public static final int E_SHSTRNDX = 62;

    /** struct elf64_shdr field offsets. */
    public static final int SH_NAME = 0;
    public static final int SH_TYPE = 4;
    public static final int SH_FLAGS = 8;
    public static final int SH_ADDR = 16;
    public static final int SH_OFFSET = 24;
    public static final int SH_SIZE = 32;
    public static final int SH_LINK = 40;
    public static final int SH_INFO = 44;

    /** e_phnum value meaning "the count is in section header 0's sh_info" (gABI extended numbering). */
    public static final int PN_XNUM = 0xffff;
    /** sh_type of a section without bytes in the file (.bss). */
    public static final int SHT_NOBITS = 8;
    /** sh_flags: the section is loaded into memory. */
    public static final long SHF_ALLOC = 0x2;
    /** sh_flags: the section holds code. */
    public static final long SHF_EXECINSTR = 0x4;
}
