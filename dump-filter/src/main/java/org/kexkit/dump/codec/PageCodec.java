package org.kexkit.dump.codec;

import java.util.List;
import java.util.Optional;

/**
 * One page compression of the kdump-compressed format. A codec is shared; its
 * {@link Compressor}s and {@link Decompressor}s are not (one per thread), since
 * zlib's state is native and single-threaded.
 */
public sealed interface PageCodec permits ZlibCodec, AircompressorCodec {
    /** The codecs makedumpfile writes, in its option order (-c, -l, -p, -z). */
    List<PageCodec> ALL = List.of(new ZlibCodec(), new LzoCodec(), new SnappyCodec(), new ZstdCodec());

    /** The DUMP_DH_COMPRESSED_* bit in the header status and in page_desc.flags. */
    int flag();

    /** Short name for messages and JSON: zlib, lzo, snappy, zstd. */
    String name();

    Compressor newCompressor(int pageSize);

    /**
     * Why this codec compresses other than makedumpfile would (its system library is missing, so a
     * pure-Java encoder writes the same format at another level or speed), or empty when it does not.
     */
    default Optional<String> fallback() {
        return Optional.empty();
    }

    Decompressor newDecompressor();

    /** Compresses one page; not thread-safe. */
    interface Compressor {
        /**
         * Compresses {@code length} bytes of {@code page} from {@code offset} into {@code out}.
         *
         * @return the compressed length, or -1 if the result would not be smaller than
         *         {@code length} (the page is then stored raw, as makedumpfile does)
         */
        int compress(byte[] page, int offset, int length, byte[] out);
    }

    /** Decompresses one page; not thread-safe. */
    interface Decompressor {
        /**
         * Decompresses {@code length} bytes at {@code offset} into {@code page}.
         *
         * @return the number of bytes produced
         * @throws IllegalArgumentException for corrupt data (message says why)
         */
        int decompress(byte[] data, int offset, int length, byte[] page);
    }

    /** The codec for one DUMP_DH_COMPRESSED_* bit. */
    static Optional<PageCodec> forFlag(int flag) {
        return ALL.stream().filter(c -> c.flag() == flag).findFirst();
    }
}
