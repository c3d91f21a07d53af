package org.kexkit.dump.kdump;

import io.airlift.compress.MalformedInputException;
import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;

/**
 * one zstd frame, as ZSTD_compressCCtx writes it. aircompressor 0.x fixes the level at its default (3) where makedumpfile asks for 1: the frame format is the same, only the speed and ratio differ.
 */
public final class ZstdCodec implements PageCodec {
    @Override
    public int flag() {
        return KdumpFlags.COMPRESSED_ZSTD;
    }

    @Override
    public String name() {
        return "zstd";
    }

    @Override
    public Compressor newCompressor(int pageSize) {
        ZstdCompressor compressor = new ZstdCompressor();
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
        ZstdDecompressor decompressor = new ZstdDecompressor();
        return (data, offset, length, page) -> {
            try {
                return decompressor.decompress(data, offset, length, page, 0, page.length);
            } catch (MalformedInputException | IndexOutOfBoundsException e) {
                throw new IllegalArgumentException("bad zstd data: " + e.getMessage(), e);
            }
        };
    }
}
