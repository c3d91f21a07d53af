package org.kexkit.kexec.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The root that /proc and /sys paths are read under: "/" on the running
 * system, or a recorded copy of another machine's files (--sysroot DIR).
 * Paths given to it are relative ("proc/iomem"); messages name the real file.
 */
public final class Sysroot {
    private final Path root;

    public Sysroot(Path root) {
        this.root = root;
    }

    public static Sysroot live() {
        return new Sysroot(Path.of("/"));
    }

    public Path root() {
        return root;
    }

    public Path path(String relative) {
        return root.resolve(relative);
    }

    /** The name of a file in messages: the path as it is under this root. */
    public String name(String relative) {
        return path(relative).toString();
    }

    public boolean exists(String relative) {
        return Files.exists(path(relative));
    }

    /** The file's text, or empty when it does not exist (a feature the kernel lacks, or a BIOS boot). */
    public Optional<String> optionalText(String relative) throws IOException {
        try {
            return Optional.of(Files.readString(path(relative), StandardCharsets.ISO_8859_1));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** The file's text; a missing file is an error naming it. */
    public String text(String relative) throws IOException {
        return Files.readString(path(relative), StandardCharsets.ISO_8859_1);
    }
}
