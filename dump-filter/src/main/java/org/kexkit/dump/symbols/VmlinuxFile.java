package org.kexkit.dump.symbols;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.kexkit.bin.ByteCursor;
import org.kexkit.bin.Elf64;
import org.kexkit.bin.FormatException;
import org.kexkit.bin.LittleEndian;
import org.kexkit.btf.Btf;
import org.kexkit.dump.memory.KernelAddressSpace;
import org.kexkit.elfcore.SectionHeader;
import org.kexkit.vmcoreinfo.VmcoreInfo;

/**
 * A vmlinux with symbols (the kernel package's -dbg file, -x): its ELF symbol table (.symtab with
 * .strtab; Elf64_Sym: st_name u32 at 0, st_value u64 at 8, 24 bytes each, gABI) and its .BTF. Read
 * through the file, never whole (a debug vmlinux is half a gigabyte). Link-time addresses are
 * moved by KERNELOFFSET as a System.map's are ({@link SymbolFile}).
 */
public final class VmlinuxFile implements SymbolSource {
    private static final int SHT_SYMTAB = 2;
    private static final int SYM_SIZE = 24;
    /** Larger than any kernel's symbol or string table: a bigger one is garbage. */
    private static final long MAX_TABLE = 512L << 20;

    private final String name;
    private final SymbolTable symbols;
    private final long shift;
    private final Optional<byte[]> btf;

    private VmlinuxFile(String name, SymbolTable symbols, long shift, Optional<byte[]> btf) {
        this.name = name;
        this.symbols = symbols;
        this.shift = shift;
        this.btf = btf;
    }

    public static VmlinuxFile read(Path file, VmcoreInfo info) throws IOException, FormatException {
        String name = file.toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteCursor h = ByteCursor.of(readAt(ch, 0, Elf64.EHDR_SIZE, name), name, 0);
            byte[] ident = h.bytes(Elf64.EI_NIDENT);
            if (ident[0] != 0x7f || ident[1] != 'E' || ident[2] != 'L' || ident[3] != 'F' || ident[Elf64.EI_CLASS] != 2
                    || ident[Elf64.EI_DATA] != 1) {
                throw h.errorAt(0, "not a 64-bit little-endian ELF file (a vmlinux with symbols was expected)");
            }
            h.seek(Elf64.E_SHOFF);
            long shoff = h.u64();
            h.seek(Elf64.E_SHENTSIZE);
            int shentsize = h.u16();
            int shnum = h.u16();
            int shstrndx = h.u16();
            if (shnum == 0 || shentsize != Elf64.SHDR_SIZE || shstrndx >= shnum) {
                throw h.errorAt(Elf64.E_SHENTSIZE, "no usable section header table");
            }
            ByteCursor t = ByteCursor.of(readAt(ch, shoff, shnum * Elf64.SHDR_SIZE, name), name, shoff);
            List<SectionHeader> sections = new ArrayList<>();
            for (int i = 0; i < shnum; i++) {
                sections.add(SectionHeader.read(t));
            }
            byte[] shstr = table(ch, sections.get(shstrndx), name);
            SectionHeader symtab = null;
            SectionHeader btfSection = null;
            for (SectionHeader s : sections) {
                String n = nameAt(shstr, s.nameOffset());
                if (s.type() == SHT_SYMTAB && symtab == null) {
                    symtab = s;
                } else if (n.equals(".BTF")) {
                    btfSection = s;
                }
            }
            if (symtab == null) {
                throw new FormatException(name, shoff, "no .symtab: a stripped vmlinux (use the -dbg package's)");
            }
            if (symtab.link() >= shnum) {
                throw new FormatException(name, symtab.entryOffset(), ".symtab's sh_link names no section");
            }
            byte[] syms = table(ch, symtab, name);
            byte[] strs = table(ch, sections.get((int) symtab.link()), name);
            SymbolTable table = new SymbolTable();
            long fileStext = -1;
            for (int off = 0; off + SYM_SIZE <= syms.length; off += SYM_SIZE) {
                int st = LittleEndian.u32(syms, off); // st_name
                long value = LittleEndian.u64(syms, off + 8); // st_value
                if (st <= 0 || st >= strs.length) {
                    continue;
                }
                int end = st;
                while (end < strs.length && strs[end] != 0) {
                    end++;
                }
                table.add(strs, st, end - st, value);
                if (end - st == 6 && fileStext < 0 && new String(strs, st, 6, StandardCharsets.ISO_8859_1).equals("_stext")) {
                    fileStext = value;
                }
            }
            long stext = info.symbol("_stext").orElseThrow(() -> new FormatException(name, 0,
                    "the vmcore's VMCOREINFO has no SYMBOL(_stext) to match the vmlinux against"));
            long slide = info.kernelOffset().orElse(0);
            long shift = fileStext + slide == stext ? slide : fileStext == stext ? 0 : Long.MIN_VALUE;
            if (shift == Long.MIN_VALUE) {
                throw new FormatException(name, symtab.offset(), String.format("_stext is 0x%x here but 0x%x in the "
                        + "vmcore (KERNELOFFSET 0x%x): this vmlinux is of another kernel build", fileStext, stext, slide));
            }
            long s = shift;
            table.mapAddresses(a -> Long.compareUnsigned(a, KernelAddressSpace.START_KERNEL_MAP) >= 0 ? a + s : a);
            table.seal();
            Optional<byte[]> btf = btfSection == null ? Optional.empty() : Optional.of(table(ch, btfSection, name));
            return new VmlinuxFile(name, table, shift, btf);
        }
    }

    @Override
    public String describe() {
        return name + (shift != 0 ? String.format(" (shifted by KERNELOFFSET 0x%x)", shift) : "");
    }

    @Override
    public OptionalLong address(String symbol) {
        return symbols.address(symbol);
    }

    /** The vmlinux's .BTF section, if it has one. */
    public Optional<Btf> btf() throws FormatException {
        return btf.isEmpty() ? Optional.empty() : Optional.of(Btf.read(btf.get(), name + " .BTF"));
    }

    private static String nameAt(byte[] strings, long at) {
        if (at < 0 || at >= strings.length) {
            return "";
        }
        int end = (int) at;
        while (end < strings.length && strings[end] != 0) {
            end++;
        }
        return new String(strings, (int) at, end - (int) at, StandardCharsets.ISO_8859_1);
    }

    private static byte[] table(FileChannel ch, SectionHeader s, String name) throws IOException, FormatException {
        if (s.noBits() || s.size() < 0 || s.size() > MAX_TABLE || s.offset() < 0 || s.offset() + s.size() > ch.size()) {
            throw new FormatException(name, s.entryOffset(), "section of 0x" + Long.toHexString(s.size()) + " bytes at 0x"
                    + Long.toHexString(s.offset()) + " is not in the file");
        }
        return readAt(ch, s.offset(), (int) s.size(), name);
    }

    private static byte[] readAt(FileChannel ch, long at, int length, String name) throws IOException, FormatException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                throw new FormatException(name, at + b.position(), "the file ends inside " + length + " bytes read at 0x"
                        + Long.toHexString(at));
            }
        }
        return b.array();
    }
}
