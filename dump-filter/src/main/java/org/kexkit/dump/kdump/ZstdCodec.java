package org.kexkit.dump.kdump;

import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;

/**
 * one zstd frame, as ZSTD_compressCCtx writes it. aircompressor 0.x fixes the level at its default (3) where makedumpfile asks for 1: the frame format is the same, only the speed and ratio differ.
 */
public final class ZstdCodec extends AircompressorCodec {
    @Override
    public int flag() {
        return KdumpFlags.COMPRESSED_ZSTD;
    }

    @Override
    public String name() {
        return "zstd";
    }

    @Override
    protected io.airlift.compress.Compressor compressor() {
        return new ZstdCompressor();
    }

    @Override
    protected io.airlift.compress.Decompressor decompressor() {
        return new ZstdDecompressor();
    }
}
