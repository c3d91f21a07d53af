package org.kexkit.qemu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.kexkit.capture.SharedLibraries;
import org.kexkit.qemu.run.QemuRunException;

/**
 * The kexkit tree the product's build makes (runtime/target/kexkit: launcher, jars, jffi's stub,
 * jlink'd runtime and its class archive), which the guest runs as /opt/kexkit, plus the host shared
 * libraries its runtime and jffi's stub link against, since the initramfs has no libc of its own.
 */
public final class GuestJavaRuntime {
    private final Path tree;
    private final Set<Path> sharedLibraries;

    private GuestJavaRuntime(Path tree, Set<Path> sharedLibraries) {
        this.tree = tree;
        this.sharedLibraries = sharedLibraries;
    }

    /** The tree as `mvn package` leaves it under {@code repo}. */
    public static GuestJavaRuntime built(Path repo) {
        Path tree = repo.resolve("runtime/target/kexkit");
        if (!Files.isExecutable(tree.resolve("bin/kexkit")) || !Files.isDirectory(tree.resolve("java"))) {
            throw new QemuRunException(tree + " is missing: build first with 'mvn -B -DskipTests package'");
        }
        return new GuestJavaRuntime(tree, sharedLibrariesOf(tree));
    }

    /** The repository the tree was built in (runtime/target/kexkit under it). */
    public Path repo() {
        return tree.getParent().getParent().getParent();
    }

    /** The whole tree, copied to /opt/kexkit as it is. */
    public Path tree() {
        return tree;
    }

    /** Absolute host paths of the libraries to copy into the guest's /lib/x86_64-linux-gnu. */
    public Set<Path> sharedLibraries() {
        return sharedLibraries;
    }

    private static Set<Path> sharedLibrariesOf(Path tree) {
        try (Stream<Path> s = Files.walk(tree)) {
            List<Path> elves = s.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".so") || p.getParent().getFileName().toString().equals("bin")
                            && !p.startsWith(tree.resolve("bin")))
                    .toList();
            java.util.Set<String> provided = org.kexkit.capture.CaptureImage.fileNames(tree);
            return new java.util.TreeSet<>(new SharedLibraries(Path.of("/")).of(elves, provided).values());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
