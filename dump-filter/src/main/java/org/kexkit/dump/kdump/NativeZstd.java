package org.kexkit.dump.kdump;

import java.lang.ref.Cleaner;
import java.util.Optional;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * The system's libzstd (libzstd.so.1), bound with jnr-ffi, for page compression at the level
 * makedumpfile uses (ZSTD_compressCCtx(..., 1) in its -z path). Native zstd is about six times
 * faster per 4 KiB page than aircompressor's pure-Java encoder (which allocates its tables on
 * every call and is fixed at level 3), and writes the sizes makedumpfile writes. When the
 * library is missing (a minimal capture initramfs), {@link #load()} is empty and the pure-Java
 * encoder is used; both produce standard zstd frames.
 */
public final class NativeZstd {
    /** The functions used (lib/zstd.h); size_t is a 64-bit long on x86-64. */
    public interface Lib {
        Pointer ZSTD_createCCtx();

        long ZSTD_freeCCtx(Pointer cctx);

        long ZSTD_compressCCtx(Pointer cctx, Pointer dst, long dstCapacity, Pointer src, long srcSize, int level);

        long ZSTD_compressBound(long srcSize);

        int ZSTD_isError(long code);
    }

    /** makedumpfile's level for -z. */
    public static final int LEVEL = 1;

    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "kexkit-zstd-cleaner");
        t.setDaemon(true);
        return t;
    });

    private static volatile Optional<NativeZstd> loaded;

    private final Lib lib;
    private final Runtime runtime;

    private NativeZstd(Lib lib) {
        this.lib = lib;
        this.runtime = Runtime.getRuntime(lib);
    }

    /**
     * The binding, loaded once; empty when libzstd cannot be loaded. Binding costs about 0.1 s
     * (jnr-ffi generates the stubs), so callers may start it early on another thread.
     */
    public static Optional<NativeZstd> load() {
        Optional<NativeZstd> l = loaded;
        if (l == null) {
            synchronized (NativeZstd.class) {
                l = loaded;
                if (l == null) {
                    l = tryLoad();
                    loaded = l;
                }
            }
        }
        return l;
    }

    private static Optional<NativeZstd> tryLoad() {
        if (Boolean.getBoolean("kexkit.zstd.java")) {
            return Optional.empty(); // forced pure Java (tests, comparisons)
        }
        try {
            Lib lib = LibraryLoader.create(Lib.class).failImmediately().load("zstd");
            return Optional.of(new NativeZstd(lib));
        } catch (LinkageError | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A compressor with its own context and native buffers (one per thread), freed when unreachable. */
    public PageCodec.Compressor newCompressor(int pageSize) {
        Pointer cctx = lib.ZSTD_createCCtx();
        if (cctx == null || cctx.address() == 0) {
            throw new OutOfMemoryError("ZSTD_createCCtx failed");
        }
        int capacity = (int) lib.ZSTD_compressBound(pageSize);
        Pointer src = Memory.allocateDirect(runtime, pageSize);
        Pointer dst = Memory.allocateDirect(runtime, capacity);
        PageCodec.Compressor compressor = (page, offset, length, out) -> {
            if (length > pageSize) {
                throw new IllegalArgumentException("page of " + length + " bytes, compressor made for " + pageSize);
            }
            src.put(0, page, offset, length);
            long n = lib.ZSTD_compressCCtx(cctx, dst, capacity, src, length, LEVEL);
            if (lib.ZSTD_isError(n) != 0) {
                throw new IllegalStateException("ZSTD_compressCCtx failed: code " + n);
            }
            if (n >= length || n > out.length) {
                return -1;
            }
            dst.get(0, out, 0, (int) n);
            return (int) n;
        };
        Lib l = lib;
        // the buffers are freed by their own cleaners; the context only by ZSTD_freeCCtx
        CLEANER.register(compressor, () -> l.ZSTD_freeCCtx(cctx));
        return compressor;
    }
}
