package org.kexkit.dump.kdump;

/**
 * Bits of {@code struct disk_dump_header.status} and {@code struct page_desc.flags},
 * one numbering space (makedumpfile diskdump_mod.h; REFERENCE 1.5).
 */
public final class KdumpFlags {
    /** DUMP_DH_COMPRESSED_ZLIB: zlib stream (deflate level 1, zlib-wrapped). */
    public static final int COMPRESSED_ZLIB = 0x1;
    /** DUMP_DH_COMPRESSED_LZO: LZO1X-1. */
    public static final int COMPRESSED_LZO = 0x2;
    /** DUMP_DH_COMPRESSED_SNAPPY: raw snappy block. */
    public static final int COMPRESSED_SNAPPY = 0x4;
    /** DUMP_DH_COMPRESSED_INCOMPLETE: header only; the dump was cut short. */
    public static final int INCOMPLETE = 0x8;
    /** DUMP_DH_EXCLUDED_VMEMMAP: header only; -e excluded unused vmemmap pages. */
    public static final int EXCLUDED_VMEMMAP = 0x10;
    /** DUMP_DH_COMPRESSED_ZSTD: one zstd frame. */
    public static final int COMPRESSED_ZSTD = 0x20;

    /** All compression bits. */
    public static final int COMPRESSION_MASK = COMPRESSED_ZLIB | COMPRESSED_LZO | COMPRESSED_SNAPPY | COMPRESSED_ZSTD;
    /** Every header status bit a reader accepts. */
    public static final int KNOWN_STATUS = COMPRESSION_MASK | INCOMPLETE | EXCLUDED_VMEMMAP;

    private KdumpFlags() {
    }
}
