package org.kexkit.elfcore;

import java.nio.ByteBuffer;
import org.kexkit.bin.Elf64;

/**
 * One {@code struct elf64_phdr}. {@code index} is its place in the table and
 * {@code entryOffset} the file offset of the entry itself (for messages).
 */
public record ProgramHeader(
        int index,
        long entryOffset,
        long type,
        long flags,
        long offset,
        long vaddr,
        long paddr,
        long filesz,
        long memsz,
        long align) {

    /** sizeof(struct elf64_phdr). */
    public static final int SIZE = Elf64.PHDR_SIZE;
    public static final long PT_NULL = 0;
    public static final long PT_LOAD = 1;
    public static final long PT_NOTE = 4;
    /** p_flags bits. */
    public static final long PF_X = 1;
    public static final long PF_W = 2;
    public static final long PF_R = 4;
    /**
     * Not a standard ELF flag: marks a PT_LOAD of device (persistent) memory in
     * a crash core header, 1 << 4 as defined in kexec-tools' crashdump-elf.c by
     * Li Zhijian's pmem series (REFERENCE 5.1). Dumpers use it to treat such a
     * range as pmem (it may fault where no namespace metadata exists).
     */
    public static final long PF_DEV = 0x10;

    /** Writes this entry little-endian at the buffer's position (index and entryOffset are not part of it). */
    public void write(ByteBuffer out) {
        write(out, type, flags, offset, vaddr, paddr, filesz, memsz, align);
    }

    /** One {@code struct elf64_phdr}, little-endian, at the buffer's position. */
    public static void write(ByteBuffer out, long type, long flags, long offset, long vaddr, long paddr, long filesz,
            long memsz, long align) {
        out.putInt((int) type);
        out.putInt((int) flags);
        out.putLong(offset);
        out.putLong(vaddr);
        out.putLong(paddr);
        out.putLong(filesz);
        out.putLong(memsz);
        out.putLong(align);
    }

    public boolean isLoad() {
        return type == PT_LOAD;
    }

    public boolean isNote() {
        return type == PT_NOTE;
    }

    /** File offset just past this segment's data. */
    public long fileEnd() {
        return offset + filesz;
    }

    /** {@code PT_LOAD}, {@code PT_NOTE}, ... or the hex value. */
    public String typeName() {
        return typeName(type);
    }

    /** {@code RWE}-style flags, with '-' for a clear bit, and a trailing 'D' when PF_DEV is set. */
    public String flagsText() {
        return ((flags & PF_R) != 0 ? "R" : "-") + ((flags & PF_W) != 0 ? "W" : "-") + ((flags & PF_X) != 0 ? "E" : "-")
                + ((flags & PF_DEV) != 0 ? "D" : "");
    }

    public static String typeName(long type) {
        if (type == PT_NULL) {
            return "PT_NULL";
        } else if (type == PT_LOAD) {
            return "PT_LOAD";
        } else if (type == 2) {
            return "PT_DYNAMIC";
        } else if (type == 3) {
            return "PT_INTERP";
        } else if (type == PT_NOTE) {
            return "PT_NOTE";
        } else if (type == 6) {
            return "PT_PHDR";
        } else if (type == 7) {
            return "PT_TLS";
        }
        return "0x" + Long.toHexString(type);
    }
}
