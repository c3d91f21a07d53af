package org.kexkit.kexec.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes handmade /proc and /sys files under a temporary root. */
final class FakeSysroot {
    final Path root;

    FakeSysroot(Path root) {
        this.root = root;
    }

    FakeSysroot file(String relative, String content) {
        try {
            Path path = root.resolve(relative);
            Files.createDirectories(path.getParent());
            Files.writeString(path, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    CrashSystemReader reader() {
        return new CrashSystemReader(root);
    }

    /** The message a reader failure for {@code relative} starts with. */
    String name(String relative) {
        return root.resolve(relative).toString();
    }
}
