package org.kexkit.qemu;

import java.nio.file.Path;
import java.util.List;

/** Unpacks .deb files with dpkg-deb (no installation, nothing touches the system). */
final class Debs {
    private Debs() {}

    static void extract(Path deb, Path into) {
        Command.of("dpkg-deb", "-x", deb.toString(), into.toString()).timeout(900).output();
    }

    /** Extracts only the members whose path matches a tar wildcard. */
    static void extractMatching(Path deb, Path into, String wildcard) {
        mkdirs(into);
        String script = "dpkg-deb --fsys-tarfile \"$1\" | tar -x -C \"$2\" --wildcards \"$3\"";
        Command.of(List.of("sh", "-c", script, "sh", deb.toString(), into.toString(), wildcard)).timeout(900).output();
    }

    private static void mkdirs(Path p) {
        try {
            java.nio.file.Files.createDirectories(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
