package org.kexkit.kexec.image;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kexkit.bin.ByteCursor;
import org.kexkit.bin.Elf64;
import org.kexkit.bin.FormatException;
import org.kexkit.elfcore.SectionHeader;

/**
 * The section table of an unpacked vmlinux (ELF64 little-endian, include/uapi/linux/elf.h
 * elf64_hdr and elf64_shdr). The bzImage build strips symbols (objcopy -S) but keeps the
 * section headers, so .rodata, .data and .BTF can be found by name.
 */
public final class VmlinuxSections {
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
        byte[] ident = c.bytes(Elf64.EI_NIDENT);
        if (ident[0] != 0x7f || ident[1] != 'E' || ident[2] != 'L' || ident[3] != 'F') {
            throw c.errorAt(0, "the unpacked kernel is not an ELF file (no \\x7fELF magic)");
        }
        if (ident[Elf64.EI_CLASS] != 2 || ident[Elf64.EI_DATA] != 1) {
            throw c.errorAt(Elf64.EI_CLASS, "the unpacked kernel is not a 64-bit little-endian ELF file");
        }
        c.seek(Elf64.E_SHOFF);
        long shoff = c.u64();
        c.seek(Elf64.E_SHENTSIZE);
        int shentsize = c.u16();
        int shnum = c.u16();
        int shstrndx = c.u16();
        if (shnum == 0) {
            throw c.errorAt(Elf64.E_SHNUM, "the unpacked kernel has no section headers");
        }
        if (shentsize != Elf64.SHDR_SIZE) {
            throw c.errorAt(Elf64.E_SHENTSIZE, "e_shentsize " + shentsize + ", expected " + Elf64.SHDR_SIZE);
        }
        if (shoff < 0 || shoff + (long) shnum * Elf64.SHDR_SIZE > vmlinux.length) {
            throw c.errorAt(Elf64.E_SHOFF, "section headers at 0x" + Long.toHexString(shoff) + " run past the end of the file");
        }
        if (shstrndx >= shnum) {
            throw c.errorAt(Elf64.E_SHSTRNDX, "e_shstrndx " + shstrndx + " is not one of the " + shnum + " sections");
        }
        List<SectionHeader> headers = new ArrayList<>(shnum);
        c.seek(shoff);
        for (int i = 0; i < shnum; i++) {
            SectionHeader h = SectionHeader.read(c);
            if (!h.noBits() && (h.offset() < 0 || h.size() < 0 || h.offset() + h.size() > vmlinux.length)) {
                throw c.errorAt(h.entryOffset(), "section " + i + " (0x" + Long.toHexString(h.size())
                        + " bytes at 0x" + Long.toHexString(h.offset()) + ") runs past the end of the file");
            }
            headers.add(h);
        }
        SectionHeader strtab = headers.get(shstrndx);
        ByteCursor names = ByteCursor.of(vmlinux, source, 0);
        names.seek(strtab.offset());
        names = names.slice((int) strtab.size());
        List<Section> sections = new ArrayList<>();
        for (int i = 0; i < shnum; i++) {
            SectionHeader h = headers.get(i);
            if (h.nameOffset() >= strtab.size()) {
                throw c.errorAt(h.entryOffset(), "section " + i + " name offset is outside .shstrtab");
            }
            String name;
            try {
                name = names.stringAt(h.nameOffset());
            } catch (FormatException e) {
                name = unterminated(names, h.nameOffset()); // the last name may run to the table's end
            }
            sections.add(new Section(name, h.type(), h.flags(), h.offset(), h.noBits() ? 0 : h.size()));
        }
        return new VmlinuxSections(vmlinux, sections);
    }

    /** A name without a NUL before the end of .shstrtab: the bytes up to its end, as the old reader took them. */
    private static String unterminated(ByteCursor names, long offset) throws FormatException {
        names.seek(offset);
        return new String(names.bytes(names.remaining()), StandardCharsets.US_ASCII);
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
        return sections.stream().filter(s -> (s.flags() & Elf64.SHF_ALLOC) != 0 && s.size() > 0
                && !((s.flags() & Elf64.SHF_EXECINSTR) != 0 && s.name().endsWith("text")) && !s.name().startsWith(".BTF"))
                .toList();
    }
}
