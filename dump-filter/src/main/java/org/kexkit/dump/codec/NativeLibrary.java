package org.kexkit.dump.codec;

import java.lang.ref.Cleaner;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import com.kenai.jffi.CallContext;
import com.kenai.jffi.Function;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.Library;
import com.kenai.jffi.MemoryIO;
import com.kenai.jffi.Type;

/**
 * A system compression library bound on first use, or empty when it cannot be loaded (a minimal
 * capture initramfs), so the caller falls back to its pure-Java codec; then {@link #unavailable()}
 * keeps why, since the fallback changes the output. The system property
 * {@code kexkit.<name>.java=true} forces the fallback (tests, comparisons).
 * <p>
 * The few functions a codec calls are bound through jffi (jnr-ffi's own call layer) by address and
 * C signature: jnr-ffi's interface binding generated a class per library with ASM, and spun proxies
 * and method handles, about 0.2 s of CPU (a quarter of a 1 GiB {@code -d 31 -l} dump) for two or
 * three functions that take only integers and pointers.
 */
final class NativeLibrary<T> {
    /** Frees native contexts and buffers of compressors that became unreachable. */
    static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "kexkit-native-cleaner");
        t.setDaemon(true);
        return t;
    });

    /** Makes the bound functions of one library. */
    interface Binder<T> {
        T bind(Symbols symbols);
    }

    private final String name;
    private final String soname;
    private final Binder<T> binder;
    private volatile Optional<T> loaded;
    /** Why the library is not used, once {@link #get()} found it missing. */
    private volatile String unavailable;

    /** {@code name} as in lib{@code name}; {@code soname} what the dynamic loader opens (the runtime package's file). */
    NativeLibrary(String name, String soname, Binder<T> binder) {
        this.name = name;
        this.soname = soname;
        this.binder = binder;
    }

    Optional<T> get() {
        Optional<T> l = loaded;
        if (l == null) {
            synchronized (this) {
                l = loaded;
                if (l == null) {
                    l = load();
                    loaded = l;
                }
            }
        }
        return l;
    }

    /** Why the system library is not used (it could not be loaded, or the pure-Java codec was asked for); empty while it is. */
    Optional<String> unavailable() {
        get();
        return Optional.ofNullable(unavailable);
    }

    private Optional<T> load() {
        if (Boolean.getBoolean("kexkit." + name + ".java")) {
            unavailable = "the system property kexkit." + name + ".java asks for the pure-Java codec";
            return Optional.empty();
        }
        try {
            Library library = Library.openLibrary(soname, Library.LAZY | Library.LOCAL);
            if (library == null) {
                throw new UnsatisfiedLinkError(Library.getLastError());
            }
            return Optional.of(binder.bind(new Symbols(library)));
        } catch (LinkageError | RuntimeException e) {
            unavailable = "lib" + name + " cannot be loaded (" + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().lines().findFirst().orElse("").strip()) + ")";
            return Optional.empty();
        }
    }

    /** The symbols of an opened library. */
    static final class Symbols {
        private final Library library;

        private Symbols(Library library) {
            this.library = library;
        }

        /** A function by name and C signature; integers and pointers only. */
        NativeFunction function(String symbol, Type returns, Type... parameters) {
            long address = library.getSymbolAddress(symbol);
            if (address == 0) {
                throw new UnsatisfiedLinkError("no symbol " + symbol);
            }
            return new NativeFunction(new Function(address, returns, parameters).getCallContext(), address);
        }
    }

    /** A bound C function whose parameters and result are integers or pointers, passed as longs. */
    record NativeFunction(CallContext context, long address) {
        private static final Invoker INVOKER = Invoker.getInstance();

        long call0() {
            return INVOKER.invokeN0(context, address);
        }

        long call1(long a) {
            return INVOKER.invokeN1(context, address, a);
        }

        long call5(long a, long b, long c, long d, long e) {
            return INVOKER.invokeN5(context, address, a, b, c, d, e);
        }

        long call6(long a, long b, long c, long d, long e, long f) {
            return INVOKER.invokeN6(context, address, a, b, c, d, e, f);
        }
    }

    /** Native memory for a compressor's buffers; {@link #freeWith} frees it with its owner. */
    static long allocate(long size) {
        long address = MemoryIO.getInstance().allocateMemory(size, false);
        if (address == 0) {
            throw new OutOfMemoryError("no " + size + " bytes of native memory");
        }
        return address;
    }

    /** Frees native memory once {@code owner} became unreachable (the owner must not be captured by {@code also}). */
    static void freeWith(Object owner, Runnable also, long... addresses) {
        CLEANER.register(owner, () -> {
            also.run();
            MemoryIO io = MemoryIO.getInstance();
            for (long a : addresses) {
                io.freeMemory(a);
            }
        });
    }

    /** Copies one page into a native compressor's input buffer. */
    static void stage(long src, int pageSize, byte[] page, int offset, int length) {
        if (length > pageSize) {
            throw new IllegalArgumentException("page of " + length + " bytes, compressor made for " + pageSize);
        }
        MemoryIO.getInstance().putByteArray(src, page, offset, length);
    }

    /**
     * A native compressor's result as {@link PageCodec.Compressor#compress} returns it: the
     * {@code n} bytes copied out of {@code dst}, or -1 when they are not smaller than the page.
     */
    static int result(long dst, long n, int length, byte[] out) {
        if (n >= length || n > out.length) {
            return -1;
        }
        MemoryIO.getInstance().getByteArray(dst, out, 0, (int) n);
        return (int) n;
    }

    /** A C string at {@code address}, for an error message. */
    static String string(long address) {
        return address == 0 ? "?" : new String(MemoryIO.getInstance().getZeroTerminatedByteArray(address),
                StandardCharsets.ISO_8859_1);
    }
}
