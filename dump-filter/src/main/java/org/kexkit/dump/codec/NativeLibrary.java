package org.kexkit.dump.codec;

import java.lang.ref.Cleaner;
import java.util.Optional;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;

/**
 * A system compression library bound with jnr-ffi on first use, or empty when it cannot be
 * loaded (a minimal capture initramfs), so the caller falls back to its pure-Java codec; then
 * {@link #unavailable()} keeps why, since the fallback changes the output. The system property
 * {@code kexkit.<name>.java=true} forces the fallback (tests, comparisons). Binding costs about
 * 0.1 s (jnr-ffi generates the stubs), so callers may start it early.
 */
final class NativeLibrary<T> {
    /** Frees native contexts of compressors that became unreachable. */
    static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "kexkit-native-cleaner");
        t.setDaemon(true);
        return t;
    });

    private final Class<T> functions;
    private final String name;
    private volatile Optional<T> loaded;
    /** Why the library is not used, once {@link #get()} found it missing. */
    private volatile String unavailable;

    NativeLibrary(Class<T> functions, String name) {
        this.functions = functions;
        this.name = name;
    }

    /** Copies one page into a native compressor's input buffer. */
    static void stage(Pointer src, int pageSize, byte[] page, int offset, int length) {
        if (length > pageSize) {
            throw new IllegalArgumentException("page of " + length + " bytes, compressor made for " + pageSize);
        }
        src.put(0, page, offset, length);
    }

    /**
     * A native compressor's result as {@link PageCodec.Compressor#compress} returns it: the
     * {@code n} bytes copied out of {@code dst}, or -1 when they are not smaller than the page.
     */
    static int result(Pointer dst, long n, int length, byte[] out) {
        if (n >= length || n > out.length) {
            return -1;
        }
        dst.get(0, out, 0, (int) n);
        return (int) n;
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
            return Optional.of(LibraryLoader.create(functions).failImmediately().load(name));
        } catch (LinkageError | RuntimeException e) {
            unavailable = "lib" + name + " cannot be loaded (" + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().lines().findFirst().orElse("").strip()) + ")";
            return Optional.empty();
        }
    }
}
