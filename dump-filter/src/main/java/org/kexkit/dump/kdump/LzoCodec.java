package org.kexkit.dump.kdump;

import io.airlift.compress.lzo.LzoCompressor;
import io.airlift.compress.lzo.LzoDecompressor;

/**
 * LZO1X-1 (aircompressor's LzoCompressor writes the lzo1x stream format, end marker included, which lzo1x_decompress_safe in libkdumpfile and crash reads).
 */
public final class LzoCodec extends AircompressorCodec {
    @Override
    public int flag() {
        return KdumpFlags.COMPRESSED_LZO;
    }

    @Override
    public String name() {
        return "lzo";
    }

    @Override
    protected io.airlift.compress.Compressor compressor() {
        return new LzoCompressor();
    }

    @Override
    protected io.airlift.compress.Decompressor decompressor() {
        return new LzoDecompressor();
    }
}
