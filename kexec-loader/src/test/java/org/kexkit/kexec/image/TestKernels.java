package org.kexkit.kexec.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the shared test kernels: -Dkexkit.shared=DIR, else a shared/ directory above the working directory. */
public final class TestKernels {
    private TestKernels() {
    }

    public static Path bzImageKho() {
        String property = System.getProperty("kexkit.shared");
        if (property != null) {
            return Path.of(property, "kernels", "bzImage-kho");
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/kernels/bzImage-kho");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/kernels/bzImage-kho not found above " + Path.of("").toAbsolutePath()
                + "; set -Dkexkit.shared=DIR");
    }

    /**
     * Debian's 7.2 cloud kernel (built without KHO) from the harness cache ($KEXKIT_CACHE, default
     * ~/.cache/kexkit/kernels), or empty when the harness has not fetched it yet.
     */
    public static Optional<Path> debian72() {
        String cache = System.getenv("KEXKIT_CACHE");
        Path kernels = (cache != null ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache", "kexkit"))
                .resolve("kernels");
        if (!Files.isDirectory(kernels)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(kernels)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("7.2") && d.getFileName().toString()
                    .endsWith("-cloud-amd64")).sorted().map(d -> d.resolve("root/usr/lib/modules")
                    .resolve(d.getFileName()).resolve("vmlinuz")).filter(Files::isRegularFile).findFirst();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }
}
