package org.kexkit.qemu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where downloads and built images live: outside the repository, reused across runs. */
public final class HarnessCache {
    private final Path root;

    public HarnessCache(Path root) {
        this.root = root;
    }

    /** $KEXKIT_CACHE, else $XDG_CACHE_HOME/kexkit, else ~/.cache/kexkit. */
    public static HarnessCache fromEnvironment() {
        String explicit = System.getenv("KEXKIT_CACHE");
        if (explicit != null && !explicit.isBlank()) {
            return new HarnessCache(Path.of(explicit));
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return new HarnessCache(base.resolve("kexkit"));
    }

    public Path root() {
        return root;
    }

    /** A sub-directory, created on first use. */
    public Path dir(String name) {
        Path d = root.resolve(name);
        try {
            Files.createDirectories(d);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create cache directory " + d, e);
        }
        return d;
    }
}
