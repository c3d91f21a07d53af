package org.kexkit.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a fuzz input becomes a file, for readers that open paths: one directory per JVM, in
 * /dev/shm when there is one (no disk writes per input), removed at exit.
 */
final class InputFile {
    private static final Path DIR = create();

    private InputFile() {
    }

    private static Path create() {
        try {
            Path shm = Path.of("/dev/shm");
            Path dir = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "kexkit-fuzz")
                    : Files.createTempDirectory("kexkit-fuzz");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (var files = Files.list(dir)) {
                    for (Path p : files.toList()) {
                        Files.deleteIfExists(p);
                    }
                    Files.deleteIfExists(dir);
                } catch (IOException e) {
                    // a temporary directory: nothing more to do
                }
            }));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code bytes} as the file {@code name} (replaced on every input). */
    static Path write(String name, byte[] bytes) {
        Path p = DIR.resolve(name);
        try {
            Files.write(p, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** A path for output, removed first. */
    static Path output(String name) {
        Path p = DIR.resolve(name);
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
