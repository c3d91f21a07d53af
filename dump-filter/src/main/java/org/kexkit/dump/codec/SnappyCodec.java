package org.kexkit.dump.codec;

import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import org.kexkit.dump.kdump.KdumpFlags;

/**
 * a raw snappy block (no framing), as snappy_compress() writes it.
 */
public final class SnappyCodec extends AircompressorCodec {
    @Override
    public int flag() {
        return KdumpFlags.COMPRESSED_SNAPPY;
    }

    @Override
    public String name() {
        return "snappy";
    }

    @Override
    protected io.airlift.compress.Compressor compressor() {
        return new SnappyCompressor();
    }

    @Override
    protected io.airlift.compress.Decompressor decompressor() {
        return new SnappyDecompressor();
    }
}
