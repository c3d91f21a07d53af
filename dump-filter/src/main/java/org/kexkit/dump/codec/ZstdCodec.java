package org.kexkit.dump.codec;

import java.util.Optional;
import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import org.kexkit.dump.kdump.KdumpFlags;

/**
 * One zstd frame per page, as makedumpfile's ZSTD_compressCCtx writes it: through the system's
 * libzstd at level 1 when it can be loaded ({@link NativeZstd}), else aircompressor's pure-Java
 * encoder, which is fixed at its default level 3 (same frame format, other speed and ratio).
 * Decompression is always aircompressor's.
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

    /** libzstd at makedumpfile's level when the system has it, else aircompressor's encoder. */
    @Override
    public Compressor newCompressor(int pageSize) {
        return NativeZstd.load().map(z -> z.newCompressor(pageSize)).orElseGet(() -> super.newCompressor(pageSize));
    }

    @Override
    public Optional<String> fallback() {
        return NativeZstd.unavailable().map(why -> why + ": pages are compressed in pure Java at zstd level 3 instead of "
                + "libzstd's level " + NativeZstd.LEVEL + ", so the dump's size differs from makedumpfile's");
    }

    /** Whether pages are compressed by the system's libzstd (level 1) rather than in Java (level 3). */
    public static boolean isNative() {
        return NativeZstd.load().isPresent();
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
