package org.kexkit.qemu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A jlink'd Java runtime for the guest (only the modules kexkit uses) plus the host shared
 * libraries it and jffi's native stub link against, since the initramfs has no libc of its own.
 */
public final class GuestJavaRuntime {
    /**
     * java.base for everything; jdk.unsupported for sun.misc.Unsafe and java.logging for
     * java.util.logging.Logger, both of which jnr-ffi/jffi use when binding native functions.
     */
    static final List<String> MODULES = List.of("java.base", "java.logging", "jdk.unsupported");

    private final Path image;
    private final Set<Path> sharedLibraries;

    private GuestJavaRuntime(Path image, Set<Path> sharedLibraries) {
        this.image = image;
        this.sharedLibraries = sharedLibraries;
    }

    public static GuestJavaRuntime ensure(HarnessCache cache) {
        Path javaHome = Path.of(System.getProperty("java.home"));
        String key = (Runtime.version() + "-" + String.join("+", MODULES) + "-zip-stripped").replaceAll("[^A-Za-z0-9.+]", "_");
        Path image = cache.root().resolve("jre/" + key);
        if (!Files.exists(image.resolve("release"))) {
            Progress.step("jlink of the guest's Java runtime (" + String.join(", ", MODULES) + ")", () -> {
                DebianKernels.deleteTree(image);
                try {
                    Files.createDirectories(image.getParent());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                Command.of(javaHome.resolve("bin/jlink").toString(),
                        "--add-modules", String.join(",", MODULES),
                        "--strip-debug", "--no-header-files", "--no-man-pages",
                        // Zip the class image: the capture kernel holds the initramfs packed and
                        // unpacked at once, so unpacked bytes cost crashkernel= memory.
                        "--compress=2",
                        "--output", image.toString()).timeout(600).output();
                // Debian ships libjvm.so with its symbol table; 4 MB the guest never uses.
                Command.of("strip", "--strip-unneeded", image.resolve("lib/server/libjvm.so").toString()).output();
            });
        }
        return new GuestJavaRuntime(image, sharedLibrariesOf(image));
    }

    public Path image() {
        return image;
    }

    /** Absolute host paths of the libraries to copy into the guest's /lib/x86_64-linux-gnu. */
    public Set<Path> sharedLibraries() {
        return sharedLibraries;
    }

    private static Set<Path> sharedLibrariesOf(Path image) {
        try (Stream<Path> s = Files.walk(image)) {
            List<Path> elves = s.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".so") || p.getParent().getFileName().toString().equals("bin"))
                    .toList();
            return SharedLibraries.of(elves, image);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
