package org.kexkit.kexec.image;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kexkit.bin.ByteCursor;
import org.kexkit.bin.FormatException;

/**
 * The section table of an unpacked vmlinux (ELF64 little-endian, include/uapi/linux/elf.h
 * elf64_hdr and elf64_shdr). The bzImage build strips symbols (objcopy -S) but keeps the
 * section headers, so .rodata, .data and .BTF can be found by name.
 */
public final class VmlinuxSections {
    /** sh_type SHT_NOBITS: no bytes in the file (.bss). */
    static final int SHT_NOBITS = 8;
    /** sh_flags SHF_ALLOC: the section is loaded into memory. */
    public static final long SHF_ALLOC = 0x2;
    /** sh_flags SHF_EXECINSTR. */
    public static final long SHF_EXECINSTR = 0x4;
    private static final int SHDR_SIZE = 64;

    /** One section header; offset and size are file positions (size 0 for SHT_NOBITS). */
    public record Section(String name, int type, long flags, long offset, long size) {
    }

    private final byte[] vmlinux;
    private final List<Section> sections;

    private VmlinuxSections(byte[] vmlinux, List<Section> sections) {
        this.vmlinux = vmlinux;
        this.sections = List.copyOf(sections);
    }

    public static VmlinuxSections parse(byte[] vmlinux, String source) throws FormatException {
        ByteCursor c = ByteCursor.of(vmlinux, source, 0);
        byte[] ident = c.bytes(16);
        if (ident[0] != 0x7f || ident[1] != 'E' || ident[2] != 'L' || ident[3] != 'F') {
            throw c.errorAt(0, "the unpacked kernel is not an ELF file (no \\x7fELF magic)");
        }
        if (ident[4] != 2 || ident[5] != 1) {
            throw c.errorAt(4, "the unpacked kernel is not a 64-bit little-endian ELF file");
        }
        c.seek(0x28);
        long shoff = c.u64();
        c.seek(0x3a);
        int shentsize = c.u16();
        int shnum = c.u16();
        int shstrndx = c.u16();
        if (shnum == 0) {
            throw c.errorAt(0x3c, "the unpacked kernel has no section headers");
        }
        if (shentsize != SHDR_SIZE) {
            throw c.errorAt(0x3a, "e_shentsize " + shentsize + ", expected " + SHDR_SIZE);
        }
        if (shoff < 0 || shoff + (long) shnum * SHDR_SIZE > vmlinux.length) {
            throw c.errorAt(0x28, "section headers at 0x" + Long.toHexString(shoff) + " run past the end of the file");
        }
        if (shstrndx >= shnum) {
            throw c.errorAt(0x3e, "e_shstrndx " + shstrndx + " is not one of the " + shnum + " sections");
        }
        long[][] raw = new long[shnum][5];
        for (int i = 0; i < shnum; i++) {
            c.seek(shoff + (long) i * SHDR_SIZE);
            raw[i][0] = c.u32();
            raw[i][1] = c.u32();
            raw[i][2] = c.u64();
            c.u64(); // sh_addr
            raw[i][3] = c.u64();
            raw[i][4] = c.u64();
            if (raw[i][1] != SHT_NOBITS && (raw[i][3] < 0 || raw[i][4] < 0 || raw[i][3] + raw[i][4] > vmlinux.length)) {
                throw c.errorAt(shoff + (long) i * SHDR_SIZE, "section " + i + " (0x" + Long.toHexString(raw[i][4])
                        + " bytes at 0x" + Long.toHexString(raw[i][3]) + ") runs past the end of the file");
            }
        }
        long strOffset = raw[shstrndx][3];
        long strSize = raw[shstrndx][4];
        List<Section> sections = new ArrayList<>();
        for (int i = 0; i < shnum; i++) {
            if (raw[i][0] >= strSize) {
                throw c.errorAt(shoff + (long) i * SHDR_SIZE, "section " + i + " name offset is outside .shstrtab");
            }
            int from = (int) (strOffset + raw[i][0]);
            int to = from;
            while (to < strOffset + strSize && vmlinux[to] != 0) {
                to++;
            }
            boolean nobits = raw[i][1] == SHT_NOBITS;
            sections.add(new Section(new String(vmlinux, from, to - from, StandardCharsets.US_ASCII), (int) raw[i][1],
                    raw[i][2], raw[i][3], nobits ? 0 : raw[i][4]));
        }
        return new VmlinuxSections(vmlinux, sections);
    }

    public List<Section> sections() {
        return sections;
    }

    public Optional<Section> section(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The whole unpacked file the offsets refer to. */
    public byte[] bytes() {
        return vmlinux;
    }

    /**
     * The sections the kernel loads, less its code (.text, .init.text, ...) and BTF: where its
     * string constants and initialised structs live. x86 links .data with the X flag, so the
     * flag alone cannot tell code from data.
     */
    public List<Section> loadedData() {
        return sections.stream().filter(s -> (s.flags() & SHF_ALLOC) != 0 && s.size() > 0
                && !((s.flags() & SHF_EXECINSTR) != 0 && s.name().endsWith("text")) && !s.name().startsWith(".BTF"))
                .toList();
    }
}
