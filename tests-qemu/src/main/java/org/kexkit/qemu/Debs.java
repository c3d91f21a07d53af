package org.kexkit.qemu;

import java.nio.file.Path;
import java.util.List;
import org.kexkit.qemu.run.HostCommand;

/** Unpacks .deb files with dpkg-deb (no installation, nothing touches the system). */
final class Debs {
    private Debs() {}

    static void extract(Path deb, Path into) {
        HostCommand.of("dpkg-deb", "-x", deb.toString(), into.toString()).timeout(900).output();
    }

    /** Extracts only the members whose path matches a tar wildcard. */
    static void extractMatching(Path deb, Path into, String wildcard) {
        mkdirs(into);
        String script = "dpkg-deb --fsys-tarfile \"$1\" | tar -x -C \"$2\" --wildcards \"$3\"";
        HostCommand.of(List.of("sh", "-c", script, "sh", deb.toString(), into.toString(), wildcard)).timeout(900).output();
    }

    /** One control field of a package (Depends, Recommends, ...), empty when the package has none. */
    static String field(Path deb, String name) {
        return HostCommand.of("dpkg-deb", "-f", deb.toString(), name).output().strip();
    }

    /**
     * The package names of a relation field ("libc6 (>= 2.36), libzstd1 | zstd, foo:any"): each
     * entry's first alternative, without its version, architecture qualifier or restrictions.
     */
    static List<String> packageNames(String relations) {
        List<String> names = new java.util.ArrayList<>();
        for (String entry : relations.split(",")) {
            String first = entry.split("\\|")[0].strip();
            String name = first.split("[\\s(\\[<]")[0];
            int colon = name.indexOf(':');
            name = colon >= 0 ? name.substring(0, colon) : name;
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    private static void mkdirs(Path p) {
        try {
            java.nio.file.Files.createDirectories(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
