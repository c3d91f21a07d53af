package org.kexkit.dump.codec;

import java.util.Optional;
import io.airlift.compress.lzo.LzoCompressor;
import io.airlift.compress.lzo.LzoDecompressor;
import org.kexkit.dump.kdump.KdumpFlags;

/**
 * LZO1X-1 through the system's liblzo2 ({@link NativeLzo}), else aircompressor's LzoCompressor, which writes the lzo1x stream format, end marker included, which lzo1x_decompress_safe in libkdumpfile and crash reads).
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

    /** liblzo2's lzo1x_1_compress when the system has it, else aircompressor's. */
    @Override
    public Compressor newCompressor(int pageSize) {
        return NativeLzo.load().map(z -> z.newCompressor(pageSize)).orElseGet(() -> super.newCompressor(pageSize));
    }

    @Override
    public Optional<String> fallback() {
        return NativeLzo.unavailable().map(why -> why + ": pages are compressed by aircompressor's pure-Java LZO1X "
                + "encoder instead of lzo1x_1_compress, so the dump's bytes differ from makedumpfile's");
    }

    /** Whether pages are compressed by the system's liblzo2. */
    public static boolean isNative() {
        return NativeLzo.load().isPresent();
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
