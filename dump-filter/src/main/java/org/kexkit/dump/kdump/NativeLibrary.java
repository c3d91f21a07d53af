package org.kexkit.dump.kdump;

import java.lang.ref.Cleaner;
import java.util.Optional;
import jnr.ffi.LibraryLoader;

/**
 * A system compression library bound with jnr-ffi on first use, or empty when it cannot be
 * loaded (a minimal capture initramfs), so the caller falls back to its pure-Java codec. The
 * system property {@code kexkit.<name>.java=true} forces the fallback (tests, comparisons).
 * Binding costs about 0.1 s (jnr-ffi generates the stubs), so callers may start it early.
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

    NativeLibrary(Class<T> functions, String name) {
        this.functions = functions;
        this.name = name;
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

    private Optional<T> load() {
        if (Boolean.getBoolean("kexkit." + name + ".java")) {
            return Optional.empty();
        }
        try {
            return Optional.of(LibraryLoader.create(functions).failImmediately().load(name));
        } catch (LinkageError | RuntimeException e) {
            return Optional.empty();
        }
    }
}
