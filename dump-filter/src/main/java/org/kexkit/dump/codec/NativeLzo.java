package org.kexkit.dump.codec;

import java.util.Optional;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * The system's liblzo2 (liblzo2.so.2) for -l: lzo1x_1_compress, as makedumpfile calls it, so the
 * bytes are makedumpfile's. About three times faster per page than aircompressor's LZO, which
 * clears a 64 KiB hash table on every call.
 */
public final class NativeLzo {
    /** The functions used (lzo/lzo1x.h, lzo/lzoconf.h); lzo_uint is 64-bit on x86-64. */
    public interface Lib {
        int __lzo_init_v2(int version, int sizeofShort, int sizeofInt, int sizeofLong, int sizeofUint32,
                int sizeofUint, int sizeofDict, int sizeofCharPointer, int sizeofVoidPointer, int sizeofCallback);

        int lzo1x_1_compress(Pointer src, long srcLength, Pointer dst, Pointer dstLength, Pointer workMemory);
    }

    /** LZO1X_1_MEM_COMPRESS (lzo1x.h): 16384 dictionary entries of a pointer's size. */
    static final int WORK_MEMORY = 16384 * 8;
    /** LZO_VERSION of liblzo2 2.10; lzo_init checks the sizes, not the minor version. */
    private static final int LZO_VERSION = 0x20a0;
    /** sizeof(lzo_callback_t): three function pointers, a pointer and two lzo_xint. */
    private static final int SIZEOF_CALLBACK = 6 * 8;

    private static final NativeLibrary<Lib> LIBRARY = new NativeLibrary<>(Lib.class, "lzo2");
    private static volatile Boolean initialised;

    private final Lib lib;

    private NativeLzo(Lib lib) {
        this.lib = lib;
    }

    /** The binding, loaded and initialised (lzo_init) once; empty when liblzo2 cannot be used. */
    public static Optional<NativeLzo> load() {
        Optional<Lib> lib = LIBRARY.get();
        if (lib.isEmpty()) {
            return Optional.empty();
        }
        if (initialised == null) {
            synchronized (NativeLzo.class) {
                if (initialised == null) {
                    initialised = lib.get().__lzo_init_v2(LZO_VERSION, 2, 4, 8, 4, 8, 8, 8, 8, SIZEOF_CALLBACK) == 0;
                }
            }
        }
        return initialised ? Optional.of(new NativeLzo(lib.get())) : Optional.empty();
    }
    /** Why the library is not used, empty while it is. */
    public static Optional<String> unavailable() {
        return LIBRARY.unavailable();
    }


    /** A compressor with its own work memory and buffers (one per thread). */
    public PageCodec.Compressor newCompressor(int pageSize) {
        Runtime runtime = Runtime.getRuntime(lib);
        // worst case of LZO1X on incompressible input: n + n/16 + 64 + 3
        int capacity = pageSize + pageSize / 16 + 67;
        Pointer src = Memory.allocateDirect(runtime, pageSize);
        Pointer dst = Memory.allocateDirect(runtime, capacity);
        Pointer dstLength = Memory.allocateDirect(runtime, 8);
        Pointer work = Memory.allocateDirect(runtime, WORK_MEMORY);
        return (page, offset, length, out) -> {
            NativeLibrary.stage(src, pageSize, page, offset, length);
            dstLength.putLong(0, capacity);
            int rc = lib.lzo1x_1_compress(src, length, dst, dstLength, work);
            if (rc != 0) {
                throw new IllegalStateException("lzo1x_1_compress failed: " + rc);
            }
            return NativeLibrary.result(dst, dstLength.getLong(0), length, out);
        };
    }
}
