package org.kexkit.kexec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.kexkit.kexec.system.CrashSystemReader;

/** Writes handmade /proc and /sys files under a temporary root, for both system readers' tests. */
public final class FakeSystem {
    final Path root;

    public FakeSystem(Path root) {
        this.root = root;
    }

    public FakeSystem file(String relative, String content) {
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

    public CrashSystemReader crashReader() {
        return new CrashSystemReader(root);
    }

    /** The message a reader failure for {@code relative} starts with. */
    public String name(String relative) {
        return root.resolve(relative).toString();
    }
}
