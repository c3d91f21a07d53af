package org.kexkit.dump.codec;

import io.airlift.compress.MalformedInputException;

/**
 * The page codecs aircompressor provides (LZO, snappy, zstd) share everything but the algorithm:
 * compress into a scratch buffer, store raw when the result is not smaller, and turn a corrupt
 * page into one clear error.
 */
public abstract sealed class AircompressorCodec implements PageCodec permits LzoCodec, SnappyCodec, ZstdCodec {
    protected abstract io.airlift.compress.Compressor compressor();

    protected abstract io.airlift.compress.Decompressor decompressor();

    @Override
    public Compressor newCompressor(int pageSize) {
        io.airlift.compress.Compressor compressor = compressor();
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
    public final Decompressor newDecompressor() {
        io.airlift.compress.Decompressor decompressor = decompressor();
        return (data, offset, length, page) -> {
            try {
                return decompressor.decompress(data, offset, length, page, 0, page.length);
            } catch (MalformedInputException | IndexOutOfBoundsException e) {
                throw new IllegalArgumentException("bad " + name() + " data: " + e.getMessage(), e);
            }
        };
    }
}
