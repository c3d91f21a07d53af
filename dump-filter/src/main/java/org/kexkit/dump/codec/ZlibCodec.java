package org.kexkit.dump.codec;

import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.kexkit.dump.kdump.KdumpFlags;

/**
 * zlib as makedumpfile writes it: deflateInit(Z_BEST_SPEED), a zlib-wrapped
 * stream (header and Adler-32), read back with uncompress().
 */
public final class ZlibCodec implements PageCodec {
    @Override
    public int flag() {
        return KdumpFlags.COMPRESSED_ZLIB;
    }

    @Override
    public String name() {
        return "zlib";
    }

    @Override
    public Compressor newCompressor(int pageSize) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED, false);
        return (page, offset, length, out) -> {
            deflater.reset();
            deflater.setInput(page, offset, length);
            deflater.finish();
            // room for exactly length - 1 bytes: anything longer is stored raw anyway
            int limit = Math.min(out.length, length - 1);
            int n = 0;
            while (!deflater.finished() && n < limit) {
                n += deflater.deflate(out, n, limit - n);
            }
            return deflater.finished() ? n : -1;
        };
    }

    @Override
    public Decompressor newDecompressor() {
        Inflater inflater = new Inflater(false);
        return (data, offset, length, page) -> {
            inflater.reset();
            inflater.setInput(data, offset, length);
            try {
                int n = 0;
                while (!inflater.finished() && n < page.length) {
                    int got = inflater.inflate(page, n, page.length - n);
                    if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                        throw new IllegalArgumentException("zlib stream ends early");
                    }
                    n += got;
                }
                if (!inflater.finished()) {
                    throw new IllegalArgumentException("zlib stream inflates to more than " + page.length + " bytes");
                }
                return n;
            } catch (DataFormatException e) {
                throw new IllegalArgumentException("bad zlib stream: " + e.getMessage(), e);
            }
        };
    }
}
