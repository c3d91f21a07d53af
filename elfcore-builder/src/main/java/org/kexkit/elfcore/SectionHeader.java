package org.kexkit.elfcore;

import java.nio.ByteBuffer;
import org.kexkit.bin.ByteCursor;
import org.kexkit.bin.Elf64;
import org.kexkit.bin.FormatException;

/**
 * One {@code struct elf64_shdr}. {@code entryOffset} is the file offset of the entry itself, for
 * messages. Cores use section header 0 only, for extended numbering (its sh_info holds the
 * program header count under PN_XNUM); a vmlinux's table names its sections.
 */
public record SectionHeader(long entryOffset, long nameOffset, int type, long flags, long addr, long offset, long size,
        long link, long info) {

    /** Reads the entry at the cursor's position; the cursor moves past it. */
    public static SectionHeader read(ByteCursor c) throws FormatException {
        long at = c.absolute();
        ByteCursor e = c.slice(Elf64.SHDR_SIZE);
        long name = e.u32();    // sh_name
        int type = (int) e.u32(); // sh_type
        long flags = e.u64();   // sh_flags
        long addr = e.u64();    // sh_addr
        long offset = e.u64();  // sh_offset
        long size = e.u64();    // sh_size
        long link = e.u32();    // sh_link
        long info = e.u32();    // sh_info
        return new SectionHeader(at, name, type, flags, addr, offset, size, link, info);
    }

    /** True for a section without bytes in the file (SHT_NOBITS, e.g. .bss). */
    public boolean noBits() {
        return type == Elf64.SHT_NOBITS;
    }

    /** Section header 0 under extended numbering: sh_size = e_shnum (1), sh_info = the program header count. */
    public static SectionHeader extendedNumbering(long programHeaderCount) {
        return new SectionHeader(0, 0, 0, 0, 0, 0, 1, 0, programHeaderCount);
    }

    /** Writes the entry little-endian at the buffer's position. */
    public void write(ByteBuffer out) {
        int at = out.position();
        out.putInt(at + Elf64.SH_NAME, (int) nameOffset);
        out.putInt(at + Elf64.SH_TYPE, type);
        out.putLong(at + Elf64.SH_FLAGS, flags);
        out.putLong(at + Elf64.SH_ADDR, addr);
        out.putLong(at + Elf64.SH_OFFSET, offset);
        out.putLong(at + Elf64.SH_SIZE, size);
        out.putInt(at + Elf64.SH_LINK, (int) link);
        out.putInt(at + Elf64.SH_INFO, (int) info);
        out.position(at + Elf64.SHDR_SIZE);
    }
}
