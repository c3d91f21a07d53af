package org.kexkit.kexec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a fake /sys and /proc tree under a temporary root. */
final class FakeSystem {
    final Path root;

    FakeSystem(Path root) {
        this.root = root;
    }

    FakeSystem file(String relative, String content) {
        try {
            Path path = root.resolve(relative);
            Files.createDirectories(path.getParent());
            Files.writeString(path, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    KexecSystemReader reader() {
        return new KexecSystemReader(root);
    }
}
