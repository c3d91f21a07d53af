package org.kexkit.pmem;

import org.kexkit.bin.LittleEndian;

/**
 * The checksum of libnvdimm's info blocks (drivers/nvdimm/core.c nd_fletcher64 with le = 1): over
 * the block as little-endian u32 words, {@code lo32 += word; hi32 += lo32}, where lo32 wraps at 32
 * bits and hi32 is a u64; the result is {@code hi32 << 32 | lo32}. nd_sb_checksum (claim.c) runs it
 * over the 4 KiB block with its checksum field zeroed.
 */
public final class Fletcher64 {
    private Fletcher64() {
    }

    /** The checksum of {@code length} bytes (a multiple of 4) from {@code at}. */
    public static long of(byte[] bytes, int at, int length) {
        if (length % 4 != 0) {
            throw new IllegalArgumentException("nd_fletcher64 runs over whole u32 words, found " + length + " bytes");
        }
        long lo32 = 0;
        long hi32 = 0;
        for (int i = at; i < at + length; i += 4) {
            lo32 = (lo32 + (LittleEndian.u32(bytes, i) & 0xffffffffL)) & 0xffffffffL;
            hi32 += lo32;
        }
        return hi32 << 32 | lo32;
    }
}
