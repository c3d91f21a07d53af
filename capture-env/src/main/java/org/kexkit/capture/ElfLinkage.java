package org.kexkit.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kexkit.bin.ByteCursor;
import org.kexkit.bin.Elf64;
import org.kexkit.bin.FormatException;

/**
 * What a dynamically linked ELF64 program or library asks of the loader: its interpreter (PT_INTERP) and the
 * libraries it names (DT_NEEDED), read from the bytes alone, as ldd would report them without running anything.
 *
 * @param interpreter the program interpreter's path, for executables
 * @param needed      the DT_NEEDED names, in order
 */
public record ElfLinkage(Optional<String> interpreter, List<String> needed) {
    /** Elf64_Phdr.p_type values (elf.h). */
    static final long PT_LOAD = 1;
    static final long PT_DYNAMIC = 2;
    static final long PT_INTERP = 3;
    /** Elf64_Dyn.d_tag values (elf.h). */
    static final long DT_NULL = 0;
    static final long DT_NEEDED = 1;
    static final long DT_STRTAB = 5;
    /** More DT_NEEDED entries than any real program has (libjvm names a handful): refused. */
    static final int MAX_NEEDED = 1024;
    /** A library name longer than a file name may be (NAME_MAX): refused. */
    static final int MAX_NAME = 255;
    private static final int PHDR_TYPE = 0;
    private static final int PHDR_OFFSET = 8;
    private static final int PHDR_VADDR = 16;
    private static final int PHDR_FILESZ = 32;

    public ElfLinkage {
        needed = List.copyOf(needed);
    }

    /** Whether the bytes start with the ELF magic (a script or data file does not). */
    public static boolean isElf(byte[] bytes) {
        return bytes.length >= Elf64.EHDR_SIZE && bytes[0] == 0x7f && bytes[1] == 'E' && bytes[2] == 'L' && bytes[3] == 'F';
    }

    /** The linkage of an ELF64 little-endian file; a static program has no interpreter and needs nothing. */
    public static ElfLinkage read(byte[] bytes, String source) throws FormatException {
        ByteCursor c = ByteCursor.of(bytes, source, 0);
        if (!isElf(bytes) || bytes[Elf64.EI_CLASS] != 2 || bytes[Elf64.EI_DATA] != 1) {
            throw c.errorAt(0, "not an ELF64 little-endian file");
        }
        c.seek(Elf64.E_PHOFF);
        long phoff = c.u64();
        c.seek(Elf64.E_PHENTSIZE);
        int phentsize = c.u16();
        int phnum = c.u16();
        // a header table that is not Elf64_Phdr-sized or does not fit is refused before anything is collected
        if (phnum > 0 && phentsize != Elf64.PHDR_SIZE) {
            throw c.errorAt(Elf64.E_PHENTSIZE, "e_phentsize " + phentsize + ", expected " + Elf64.PHDR_SIZE);
        }
        if (phoff < 0 || phoff > bytes.length || (long) phnum * Elf64.PHDR_SIZE > bytes.length - phoff) {
            throw c.errorAt(Elf64.E_PHOFF, "program headers at 0x" + Long.toHexString(phoff) + " (" + phnum
                    + " of them) run past the end of the file, 0x" + Integer.toHexString(bytes.length) + " bytes");
        }
        List<long[]> loads = new ArrayList<>();
        Optional<String> interp = Optional.empty();
        long dynOffset = -1;
        long dynSize = 0;
        for (int i = 0; i < phnum; i++) {
            long at = phoff + (long) i * phentsize;
            c.seek(at + PHDR_TYPE);
            long type = c.u32();
            c.seek(at + PHDR_OFFSET);
            long offset = c.u64();
            c.seek(at + PHDR_VADDR);
            long vaddr = c.u64();
            c.seek(at + PHDR_FILESZ);
            long filesz = c.u64();
            if (type == PT_LOAD) {
                loads.add(new long[] {vaddr, offset, filesz});
            } else if (type == PT_INTERP) {
                interp = Optional.of(c.stringAt(offset));
            } else if (type == PT_DYNAMIC) {
                dynOffset = offset;
                dynSize = filesz;
            }
        }
        if (dynOffset < 0) {
            return new ElfLinkage(interp, List.of());
        }
        List<Long> neededAt = new ArrayList<>();
        long strtab = -1;
        for (long at = dynOffset; at + 16 <= dynOffset + dynSize; at += 16) {
            c.seek(at);
            long tag = c.u64();
            long val = c.u64();
            if (tag == DT_NULL) {
                break;
            } else if (tag == DT_NEEDED) {
                if (neededAt.size() == MAX_NEEDED) {
                    throw c.errorAt(at, "more than " + MAX_NEEDED + " DT_NEEDED entries");
                }
                neededAt.add(val);
            } else if (tag == DT_STRTAB) {
                strtab = val;
            }
        }
        if (neededAt.isEmpty()) {
            return new ElfLinkage(interp, List.of());
        }
        long strOffset = fileOffset(loads, strtab);
        if (strtab < 0 || strOffset < 0) {
            throw c.errorAt(dynOffset, "DT_STRTAB 0x" + Long.toHexString(strtab) + " is in no PT_LOAD");
        }
        List<String> needed = new ArrayList<>();
        for (long n : neededAt) {
            if (n < 0 || n > bytes.length) {
                throw c.errorAt(dynOffset, "DT_NEEDED name at 0x" + Long.toHexString(n) + " is past the end of the file");
            }
            long at = strOffset + n;
            // the NUL is looked for within NAME_MAX first, so that no long run of bytes is ever copied
            long end = at;
            while (end < bytes.length && end - at <= MAX_NAME && bytes[(int) end] != 0) {
                end++;
            }
            if (end - at > MAX_NAME) {
                throw c.errorAt(at, "a DT_NEEDED name longer than " + MAX_NAME + " bytes");
            }
            needed.add(c.stringAt(at));
        }
        return new ElfLinkage(interp, needed);
    }

    private static long fileOffset(List<long[]> loads, long vaddr) {
        for (long[] l : loads) {
            if (vaddr >= l[0] && vaddr < l[0] + l[2]) {
                return vaddr - l[0] + l[1];
            }
        }
        return -1;
    }
}
