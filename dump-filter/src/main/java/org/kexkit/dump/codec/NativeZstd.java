package org.kexkit.dump.codec;

import java.util.Optional;
import com.kenai.jffi.Type;
import org.kexkit.dump.codec.NativeLibrary.NativeFunction;

/**
 * The system's libzstd (libzstd.so.1) for page compression at the level makedumpfile uses
 * (ZSTD_compressCCtx(..., 1) in its -z path). Native zstd is about six times faster per 4 KiB
 * page than aircompressor's pure-Java encoder (which allocates its tables on every call and is
 * fixed at level 3), and writes the bytes makedumpfile writes.
 */
public final class NativeZstd {
    /** The functions used (lib/zstd.h); size_t is 64-bit on x86-64. */
    static final class Lib {
        private final NativeFunction createCCtx;
        private final NativeFunction freeCCtx;
        private final NativeFunction compressCCtx;
        private final NativeFunction compressBound;
        private final NativeFunction isError;
        private final NativeFunction getErrorName;

        Lib(NativeLibrary.Symbols s) {
            createCCtx = s.function("ZSTD_createCCtx", Type.POINTER);
            freeCCtx = s.function("ZSTD_freeCCtx", Type.UINT64, Type.POINTER);
            compressCCtx = s.function("ZSTD_compressCCtx", Type.UINT64, Type.POINTER, Type.POINTER, Type.UINT64,
                    Type.POINTER, Type.UINT64, Type.SINT32);
            compressBound = s.function("ZSTD_compressBound", Type.UINT64, Type.UINT64);
            isError = s.function("ZSTD_isError", Type.UINT32, Type.UINT64);
            getErrorName = s.function("ZSTD_getErrorName", Type.POINTER, Type.UINT64);
        }
    }

    /** makedumpfile's level for -z. */
    public static final int LEVEL = 1;

    private static final NativeLibrary<Lib> LIBRARY = new NativeLibrary<>("zstd", "libzstd.so.1", Lib::new);

    private final Lib lib;

    private NativeZstd(Lib lib) {
        this.lib = lib;
    }

    /** The binding, loaded once; empty when libzstd cannot be loaded. */
    public static Optional<NativeZstd> load() {
        return LIBRARY.get().map(NativeZstd::new);
    }

    /** Why the library is not used, empty while it is. */
    public static Optional<String> unavailable() {
        return LIBRARY.unavailable();
    }

    /** A compressor with its own context and native buffers (one per thread), freed when unreachable. */
    public PageCodec.Compressor newCompressor(int pageSize) {
        long cctx = lib.createCCtx.call0();
        if (cctx == 0) {
            throw new OutOfMemoryError("ZSTD_createCCtx failed");
        }
        long capacity = lib.compressBound.call1(pageSize);
        long src = NativeLibrary.allocate(pageSize);
        long dst = NativeLibrary.allocate(capacity);
        NativeFunction compress = lib.compressCCtx;
        NativeFunction isError = lib.isError;
        NativeFunction errorName = lib.getErrorName;
        PageCodec.Compressor compressor = (page, offset, length, out) -> {
            NativeLibrary.stage(src, pageSize, page, offset, length);
            long n = compress.call6(cctx, dst, capacity, src, length, LEVEL);
            if ((int) isError.call1(n) != 0) {
                throw new IllegalStateException("ZSTD_compressCCtx failed: " + NativeLibrary.string(errorName.call1(n)));
            }
            return NativeLibrary.result(dst, n, length, out);
        };
        NativeFunction free = lib.freeCCtx;
        NativeLibrary.freeWith(compressor, () -> free.call1(cctx), src, dst);
        return compressor;
    }
}
