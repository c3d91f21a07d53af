package org.kexkit.kho;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.kexkit.testing.Fixtures;

/** The real KHO blobs recorded from the KHO test kernel: test resources kho-samples/ (see its README.md). */
public final class KhoSamples {
    private static final String DIR = "kho-samples";

    private KhoSamples() {
    }

    public static Path dir() {
        return Fixtures.path(DIR);
    }

    public static Path file(String name) {
        return dir().resolve(name);
    }

    public static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        try {
            return Files.readString(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every sample whose name ends with {@code suffix}, sorted. */
    public static List<String> named(String suffix) {
        return Fixtures.named(DIR, suffix);
    }
}
