package org.kexkit.qemu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The host shared libraries that ELF programs link against, found with ldd, to copy into a guest. */
final class SharedLibraries {
    /**
     * Libraries that are dlopen'ed, so no ELF file lists them: glibc pieces jffi may name, and
     * libzstd and liblzo2, which kexkit binds for makedumpfile -z and -l.
     */
    private static final List<String> DLOPENED = List.of("libdl.so.2", "libpthread.so.0", "librt.so.1", "libzstd.so.1",
            "liblzo2.so.2");

    private SharedLibraries() {}

    /** Libraries outside {@code exceptUnder} that the given ELF files need, plus glibc's extras. */
    static Set<Path> of(Collection<Path> elves, Path exceptUnder) {
        return of(elves, exceptUnder, List.of());
    }

    /** The same, also finding libraries in {@code extraDirs} (unpacked packages the host lacks). */
    static Set<Path> of(Collection<Path> elves, Path exceptUnder, List<Path> extraDirs) {
        Set<Path> libs = new TreeSet<>();
        java.util.Map<String, String> env = extraDirs.isEmpty() ? java.util.Map.of()
                : java.util.Map.of("LD_LIBRARY_PATH", String.join(":", extraDirs.stream().map(Path::toString).toList()));
        Set<String> provided = providedNames(exceptUnder);
        for (Path elf : elves) {
            String out = Command.of("ldd", elf.toString()).env(env).run().stdout();
            // The JDK's own libraries (libjvm.so) are found through the launcher, not by ldd.
            List<String> missing = out.lines().filter(l -> l.contains("=> not found"))
                    .map(l -> l.strip().split(" ")[0]).filter(n -> !provided.contains(n)).toList();
            if (!missing.isEmpty()) {
                throw new HarnessException(elf + " needs libraries the host does not have: " + missing);
            }
            for (String line : out.split("\n")) {
                String t = line.strip();
                int arrow = t.indexOf("=> /");
                String path = arrow >= 0 ? t.substring(arrow + 3) : t.startsWith("/") ? t : null;
                if (path == null) {
                    continue;
                }
                path = path.replaceAll(" \\(0x[0-9a-f]+\\)$", "").strip();
                if (exceptUnder == null || !path.startsWith(exceptUnder.toString())) {
                    libs.add(Path.of(path));
                }
            }
        }
        for (String extra : DLOPENED) {
            Path p = Path.of("/lib/x86_64-linux-gnu", extra);
            if (Files.exists(p)) {
                libs.add(p);
            }
        }
        if (libs.stream().noneMatch(p -> p.getFileName().toString().startsWith("ld-linux"))) {
            throw new HarnessException("ldd named no dynamic loader for " + elves);
        }
        return libs;
    }

    private static Set<String> providedNames(Path dir) {
        if (dir == null) {
            return Set.of();
        }
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
