package org.kexkit.dump.kdump;

import io.airlift.compress.MalformedInputException;
import io.airlift.compress.lzo.LzoCompressor;
import io.airlift.compress.lzo.LzoDecompressor;

/**
 * LZO1X-1 (aircompressor's LzoCompressor writes the lzo1x stream format, end marker included, which lzo1x_decompress_safe in libkdumpfile and crash reads).
 */
public final class LzoCodec implements PageCodec {
    @Override
    public int flag() {
        return KdumpFlags.COMPRESSED_LZO;
    }

    @Override
    public String name() {
        return "lzo";
    }

    @Override
    public Compressor newCompressor(int pageSize) {
        LzoCompressor compressor = new LzoCompressor();
        byte[] scratch = new byte[compressor.maxCompressedLength(pageSize)];
        return (page, offset, length, out) -> {
            byte[] target = scratch.length >= compressor.maxCompressedLength(length) ? scratch
                    : new byte[compressor.maxCompressedLength(length)];
            int n = compressor.compress(page, offset, length, target, 0, target.length);
            if (n >= length || n > out.length) {
                return -1;
            }
            System.arraycopy(target, 0, out, 0, n);
            return n;
        };
    }

    @Override
    public Decompressor newDecompressor() {
        LzoDecompressor decompressor = new LzoDecompressor();
        return (data, offset, length, page) -> {
            try {
                return decompressor.decompress(data, offset, length, page, 0, page.length);
            } catch (MalformedInputException | IndexOutOfBoundsException e) {
                throw new IllegalArgumentException("bad lzo data: " + e.getMessage(), e);
            }
        };
    }
}
