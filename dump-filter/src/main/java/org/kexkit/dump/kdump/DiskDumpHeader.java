package org.kexkit.dump.kdump;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.kexkit.bin.ByteCursor;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.source.Utsname;

/**
 * {@code struct disk_dump_header} (makedumpfile diskdump_mod.h, x86_64 layout,
 * REFERENCE 1.2): block 0 of a kdump-compressed file. The unused fields
 * (total_ram_blocks, device_blocks, written_blocks, current_cpu) are written as 0.
 */
public record DiskDumpHeader(
        String signature,
        int headerVersion,
        Utsname utsname,
        long timestampSeconds,
        long timestampMicros,
        int status,
        int blockSize,
        int subHeaderBlocks,
        long bitmapBlocks,
        long maxMapnr32,
        int nrCpus) {

    /** KDUMP_SIGNATURE: "KDUMP" and three spaces, no NUL. */
    public static final String KDUMP_SIGNATURE = "KDUMP   ";
    /** DISK_DUMP_SIGNATURE of the old diskdump; readers accept it. */
    public static final String DISKDUMP_SIGNATURE = "DISKDUMP";
    /** makedumpfile writes header_version 6 (kdump_sub_header with the _64 pfn fields). */
    public static final int HEADER_VERSION = 6;
    /** sizeof(struct disk_dump_header) on x86_64. */
    public static final int SIZE = 464;

    /** Field offsets (diskdump_mod.h, x86_64), for messages that point at a bad field. */
    static final int OFF_UTSNAME = 12;
    static final int OFF_TIMESTAMP = 408;
    static final int OFF_STATUS = 424;
    static final int OFF_BITMAP_BLOCKS = 436;
    static final int OFF_MAX_MAPNR = 440;

    /** The same header with another status (e.g. DUMP_DH_COMPRESSED_INCOMPLETE set or cleared). */
    public DiskDumpHeader withStatus(int newStatus) {
        return new DiskDumpHeader(signature, headerVersion, utsname, timestampSeconds, timestampMicros, newStatus,
                blockSize, subHeaderBlocks, bitmapBlocks, maxMapnr32, nrCpus);
    }

    public void write(ByteBuffer out) {
        ByteBuffer b = out.slice().order(ByteOrder.LITTLE_ENDIAN);
        b.put(signature.getBytes(StandardCharsets.US_ASCII), 0, 8);
        b.putInt(headerVersion);
        for (String field : utsname.fields()) {
            byte[] text = Arrays.copyOf(field.getBytes(StandardCharsets.UTF_8), Utsname.FIELD - 1);
            b.put(text).put((byte) 0);
        }
        b.position(OFF_TIMESTAMP);
        b.putLong(timestampSeconds);     // struct timeval.tv_sec
        b.putLong(timestampMicros);      // struct timeval.tv_usec
        b.putInt(status);
        b.putInt(blockSize);
        b.putInt(subHeaderBlocks);
        b.putInt((int) bitmapBlocks);
        b.putInt((int) maxMapnr32);
        b.putInt(0);                     // total_ram_blocks
        b.putInt(0);                     // device_blocks
        b.putInt(0);                     // written_blocks
        b.putInt(0);                     // current_cpu
        b.putInt(nrCpus);
        out.position(out.position() + SIZE);
    }

    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(SIZE);
        write(b);
        return b.array();
    }

    /** Reads and checks the fields that do not depend on the rest of the file. */
    public static DiskDumpHeader read(ByteCursor c) throws FormatException {
        if (c.remaining() < SIZE) {
            throw c.errorAt(0, "expected a disk_dump_header (" + SIZE + " bytes), found only " + c.remaining());
        }
        String signature = new String(c.bytes(8), StandardCharsets.ISO_8859_1);
        if (!signature.equals(KDUMP_SIGNATURE) && !signature.equals(DISKDUMP_SIGNATURE)) {
            throw c.errorAtLastValue("expected the signature \"KDUMP   \" or \"DISKDUMP\", found \""
                    + printable(signature) + "\": not a kdump-compressed file");
        }
        int version = c.s32();
        if (version < 1 || version > 100) {
            throw c.errorAtLastValue("expected header_version 1.." + HEADER_VERSION + ", found " + version);
        }
        Utsname uts = Utsname.read(c);
        c.seek(OFF_TIMESTAMP);
        long sec = c.u64();
        long usec = c.u64();
        int status = c.s32();
        if ((status & ~KdumpFlags.KNOWN_STATUS) != 0) {
            throw c.errorAtLastValue("unknown status bits 0x" + Integer.toHexString(status & ~KdumpFlags.KNOWN_STATUS)
                    + " (known: zlib 0x1, lzo 0x2, snappy 0x4, incomplete 0x8, vmemmap 0x10, zstd 0x20)");
        }
        if (Integer.bitCount(status & KdumpFlags.COMPRESSION_MASK) > 1) {
            throw c.errorAtLastValue("status 0x" + Integer.toHexString(status) + " names more than one compression");
        }
        int blockSize = c.s32();
        if (blockSize < 512 || blockSize > (1 << 20) || Integer.bitCount(blockSize) != 1) {
            throw c.errorAtLastValue("expected block_size a power of two from 512 to 1 MiB, found " + blockSize);
        }
        int subHeaderBlocks = c.s32();
        if (subHeaderBlocks < 0) {
            throw c.errorAtLastValue("expected a non-negative sub_hdr_size, found " + subHeaderBlocks);
        }
        long bitmapBlocks = c.u32();
        if (bitmapBlocks == 0 || bitmapBlocks % 2 != 0) {
            throw c.errorAtLastValue("expected an even, non-zero bitmap_blocks (two bitmaps), found " + bitmapBlocks);
        }
        long maxMapnr = c.u32();
        c.skip(16);
        int nrCpus = c.s32();
        return new DiskDumpHeader(signature, version, uts, sec, usec, status, blockSize, subHeaderBlocks,
                bitmapBlocks, maxMapnr, nrCpus);
    }

    public boolean incomplete() {
        return (status & KdumpFlags.INCOMPLETE) != 0;
    }

    public int compression() {
        return status & KdumpFlags.COMPRESSION_MASK;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char ch : s.toCharArray()) {
            b.append(ch >= 0x20 && ch < 0x7f ? String.valueOf(ch) : String.format("\\x%02x", (int) ch));
        }
        return b.toString();
    }
}
