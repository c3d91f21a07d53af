package org.kexkit.dump.kdump;

/**
 * Where the parts of a kdump-compressed file go (REFERENCE 1.1): header block,
 * sub header + PT_NOTE copy in sub_hdr_size blocks, two equal bitmaps starting
 * on block boundaries, then the 24-byte page descriptors, then page data.
 */
public record KdumpLayout(int blockSize, int subHeaderBlocks, long bitmapBytes, long maxMapnr, long dumpablePages) {

    /** makedumpfile's write_kdump_header / prepare_bitmap2_buffer arithmetic. */
    public static KdumpLayout of(int blockSize, long noteSize, long maxMapnr, long dumpablePages) {
        int subHeaderBlocks = Math.toIntExact(ceilDiv(KdumpSubHeader.SIZE + noteSize, blockSize));
        long bitmapBytes = ceilDiv(ceilDiv(maxMapnr, 8), blockSize) * blockSize;
        return new KdumpLayout(blockSize, subHeaderBlocks, Math.max(bitmapBytes, blockSize), maxMapnr, dumpablePages);
    }

    public long subHeaderOffset() {
        return blockSize; // DISKDUMP_HEADER_BLOCKS = 1
    }

    /** Where the PT_NOTE copy goes: right after the sub header. */
    public long noteOffset() {
        return blockSize + KdumpSubHeader.SIZE;
    }

    public long bitmap1Offset() {
        return (long) (1 + subHeaderBlocks) * blockSize;
    }

    public long bitmap2Offset() {
        return bitmap1Offset() + bitmapBytes;
    }

    /** disk_dump_header.bitmap_blocks: both bitmaps. */
    public long bitmapBlocks() {
        return 2 * bitmapBytes / blockSize;
    }

    public long descriptorsOffset() {
        return bitmap1Offset() + 2 * bitmapBytes;
    }

    public long dataOffset() {
        return descriptorsOffset() + dumpablePages * PageDescriptor.SIZE;
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
