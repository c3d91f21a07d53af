package org.kexkit.dump.kdump;

import io.airlift.compress.MalformedInputException;
import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyDecompressor;

/**
 * a raw snappy block (no framing), as snappy_compress() writes it.
 */
public final class SnappyCodec implements PageCodec {
    @Override
    public int flag() {
        return KdumpFlags.COMPRESSED_SNAPPY;
    }

    @Override
    public String name() {
        return "snappy";
    }

    @Override
    public Compressor newCompressor(int pageSize) {
        SnappyCompressor compressor = new SnappyCompressor();
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
        SnappyDecompressor decompressor = new SnappyDecompressor();
        return (data, offset, length, page) -> {
            try {
                return decompressor.decompress(data, offset, length, page, 0, page.length);
            } catch (MalformedInputException | IndexOutOfBoundsException e) {
                throw new IllegalArgumentException("bad snappy data: " + e.getMessage(), e);
            }
        };
    }
}
