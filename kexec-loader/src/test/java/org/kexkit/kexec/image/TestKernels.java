package org.kexkit.kexec.image;

import java.nio.file.Files;
import java.nio.file.Path;

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
}
