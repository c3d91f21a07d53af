package org.kexkit.dump.codec;

import java.util.Optional;
import com.kenai.jffi.HeapInvocationBuffer;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.MemoryIO;
import com.kenai.jffi.Type;
import org.kexkit.dump.codec.NativeLibrary.NativeFunction;

/**
 * The system's liblzo2 (liblzo2.so.2) for -l: lzo1x_1_compress, as makedumpfile calls it, so the
 * bytes are makedumpfile's. About three times faster per page than aircompressor's LZO, which
 * clears a 64 KiB hash table on every call.
 */
public final class NativeLzo {
    /** The functions used (lzo/lzo1x.h, lzo/lzoconf.h); lzo_uint is 64-bit on x86-64. */
    static final class Lib {
        private final NativeFunction init;
        private final NativeFunction compress;

        Lib(NativeLibrary.Symbols s) {
            // __lzo_init_v2(unsigned version, int sizeof short, int, long, lzo_uint32_t, lzo_uint, dict_t, char *, void *, callback)
            init = s.function("__lzo_init_v2", Type.SINT32, Type.UINT32, Type.SINT32, Type.SINT32, Type.SINT32,
                    Type.SINT32, Type.SINT32, Type.SINT32, Type.SINT32, Type.SINT32, Type.SINT32);
            compress = s.function("lzo1x_1_compress", Type.SINT32, Type.POINTER, Type.UINT64, Type.POINTER, Type.POINTER,
                    Type.POINTER);
        }
    }

    /** LZO1X_1_MEM_COMPRESS (lzo1x.h): 16384 dictionary entries of a pointer's size. */
    static final int WORK_MEMORY = 16384 * 8;
    /** LZO_VERSION of liblzo2 2.10; lzo_init checks the sizes, not the minor version. */
    private static final int LZO_VERSION = 0x20a0;
    /** sizeof(lzo_callback_t): three function pointers, a pointer and two lzo_xint. */
    private static final int SIZEOF_CALLBACK = 6 * 8;

    private static final NativeLibrary<Lib> LIBRARY = new NativeLibrary<>("lzo2", "liblzo2.so.2", Lib::new);
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
                    initialised = lzoInit(lib.get()) == 0;
                }
            }
        }
        return initialised ? Optional.of(new NativeLzo(lib.get())) : Optional.empty();
    }

    /** lzo_init(): ten int arguments, more than jffi's numeric calls take, so through its generic call. */
    private static int lzoInit(Lib lib) {
        HeapInvocationBuffer args = new HeapInvocationBuffer(lib.init.context());
        for (int v : new int[] {LZO_VERSION, 2, 4, 8, 4, 8, 8, 8, 8, SIZEOF_CALLBACK}) {
            args.putInt(v);
        }
        return Invoker.getInstance().invokeInt(lib.init.context(), lib.init.address(), args);
    }

    /** Why the library is not used, empty while it is. */
    public static Optional<String> unavailable() {
        return LIBRARY.unavailable();
    }

    /** A compressor with its own work memory and buffers (one per thread). */
    public PageCodec.Compressor newCompressor(int pageSize) {
        // worst case of LZO1X on incompressible input: n + n/16 + 64 + 3
        int capacity = pageSize + pageSize / 16 + 67;
        long src = NativeLibrary.allocate(pageSize);
        long dst = NativeLibrary.allocate(capacity);
        long dstLength = NativeLibrary.allocate(8);
        long work = NativeLibrary.allocate(WORK_MEMORY);
        MemoryIO io = MemoryIO.getInstance();
        NativeFunction compress = lib.compress;
        PageCodec.Compressor compressor = (page, offset, length, out) -> {
            NativeLibrary.stage(src, pageSize, page, offset, length);
            io.putLong(dstLength, capacity);
            int rc = (int) compress.call5(src, length, dst, dstLength, work);
            if (rc != 0) {
                throw new IllegalStateException("lzo1x_1_compress failed: " + rc);
            }
            return NativeLibrary.result(dst, io.getLong(dstLength), length, out);
        };
        NativeLibrary.freeWith(compressor, () -> { }, src, dst, dstLength, work);
        return compressor;
    }
}
