package org.kexkit.dump.kdump;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.kexkit.bin.ByteCursor;
import org.kexkit.bin.FormatException;

/**
 * {@code struct kdump_sub_header} as of header_version 6 (makedumpfile
 * diskdump_mod.h, x86_64 layout, REFERENCE 1.3), at file offset block_size.
 * Offsets are absolute file offsets.
 */
public record KdumpSubHeader(
        long physBase,
        int dumpLevel,
        int split,
        long startPfn,
        long endPfn,
        long offsetVmcoreinfo,
        long sizeVmcoreinfo,
        long offsetNote,
        long sizeNote,
        long offsetEraseinfo,
        long sizeEraseinfo,
        long startPfn64,
        long endPfn64,
        long maxMapnr64) {

    /** sizeof(struct kdump_sub_header) on x86_64. */
    public static final int SIZE = 104;
    /** Field offsets (diskdump_mod.h), for messages that point at a bad field. */
    public static final int OFF_DUMP_LEVEL = 8;
    public static final int OFF_SPLIT = 12;
    public static final int OFF_VMCOREINFO = 32;
    public static final int OFF_NOTE = 48;
    public static final int OFF_ERASEINFO = 64;
    public static final int OFF_MAX_MAPNR_64 = 96;

    public void write(ByteBuffer out) {
        ByteBuffer b = out.slice().order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(physBase).putInt(dumpLevel).putInt(split).putLong(startPfn).putLong(endPfn)
                .putLong(offsetVmcoreinfo).putLong(sizeVmcoreinfo).putLong(offsetNote).putLong(sizeNote)
                .putLong(offsetEraseinfo).putLong(sizeEraseinfo).putLong(startPfn64).putLong(endPfn64)
                .putLong(maxMapnr64);
        out.position(out.position() + SIZE);
    }

    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(SIZE);
        write(b);
        return b.array();
    }

    /** Reads the fields that {@code headerVersion} defines; later ones are 0. */
    public static KdumpSubHeader read(ByteCursor c, int headerVersion, long maxMapnr32) throws FormatException {
        long physBase = c.u64();
        int level = headerVersion >= 1 ? c.s32() : 0;
        int split = headerVersion >= 2 ? c.s32() : 0;
        long start = headerVersion >= 2 ? c.u64() : 0;
        long end = headerVersion >= 2 ? c.u64() : 0;
        long offVi = headerVersion >= 3 ? c.u64() : 0;
        long sizeVi = headerVersion >= 3 ? c.u64() : 0;
        long offNote = headerVersion >= 4 ? c.u64() : 0;
        long sizeNote = headerVersion >= 4 ? c.u64() : 0;
        long offErase = headerVersion >= 5 ? c.u64() : 0;
        long sizeErase = headerVersion >= 5 ? c.u64() : 0;
        long start64 = headerVersion >= 6 ? c.u64() : start;
        long end64 = headerVersion >= 6 ? c.u64() : end;
        long max64 = headerVersion >= 6 ? c.u64() : maxMapnr32;
        return new KdumpSubHeader(physBase, level, split, start, end, offVi, sizeVi, offNote, sizeNote, offErase,
                sizeErase, start64, end64, max64);
    }
}
