package org.kexkit.dump.codec;

import java.util.Optional;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * The system's libzstd (libzstd.so.1) for page compression at the level makedumpfile uses
 * (ZSTD_compressCCtx(..., 1) in its -z path). Native zstd is about six times faster per 4 KiB
 * page than aircompressor's pure-Java encoder (which allocates its tables on every call and is
 * fixed at level 3), and writes the bytes makedumpfile writes.
 */
public final class NativeZstd {
    /** The functions used (lib/zstd.h); size_t is a 64-bit long on x86-64. */
    public interface Lib {
        Pointer ZSTD_createCCtx();

        long ZSTD_freeCCtx(Pointer cctx);

        long ZSTD_compressCCtx(Pointer cctx, Pointer dst, long dstCapacity, Pointer src, long srcSize, int level);

        long ZSTD_compressBound(long srcSize);

        int ZSTD_isError(long code);

        String ZSTD_getErrorName(long code);
    }

    /** makedumpfile's level for -z. */
    public static final int LEVEL = 1;

    private static final NativeLibrary<Lib> LIBRARY = new NativeLibrary<>(Lib.class, "zstd");

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
        Pointer cctx = lib.ZSTD_createCCtx();
        if (cctx == null || cctx.address() == 0) {
            throw new OutOfMemoryError("ZSTD_createCCtx failed");
        }
        int capacity = (int) lib.ZSTD_compressBound(pageSize);
        Runtime runtime = Runtime.getRuntime(lib);
        Pointer src = Memory.allocateDirect(runtime, pageSize);
        Pointer dst = Memory.allocateDirect(runtime, capacity);
        PageCodec.Compressor compressor = (page, offset, length, out) -> {
            NativeLibrary.stage(src, pageSize, page, offset, length);
            long n = lib.ZSTD_compressCCtx(cctx, dst, capacity, src, length, LEVEL);
            if (lib.ZSTD_isError(n) != 0) {
                throw new IllegalStateException("ZSTD_compressCCtx failed: " + lib.ZSTD_getErrorName(n));
            }
            return NativeLibrary.result(dst, n, length, out);
        };
        Lib l = lib;
        // the buffers are freed by their own cleaners; the context only by ZSTD_freeCCtx
        NativeLibrary.CLEANER.register(compressor, () -> l.ZSTD_freeCCtx(cctx));
        return compressor;
    }
}
