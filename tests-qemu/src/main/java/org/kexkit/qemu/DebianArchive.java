package org.kexkit.qemu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.kexkit.qemu.run.HostCommand;
import org.kexkit.qemu.run.QemuRunException;

/**
 * Debian's package archive through apt-get: either the machine's own sources, or a private
 * configuration for another suite (its own sourcelist, lists and cache directories) that leaves
 * the system's apt configuration untouched.
 */
public final class DebianArchive {
    private static final Duration LIST_MAX_AGE = Duration.ofHours(12);

    private final HarnessCache cache;
    private final String suite;
    private final List<String> aptOptions;
    private final Path debs;

    private DebianArchive(HarnessCache cache, String suite, List<String> aptOptions) {
        this.cache = cache;
        this.suite = suite;
        this.aptOptions = aptOptions;
        this.debs = cache.dir("debs");
    }

    /** The suite the machine's own apt sources name (bookworm here). */
    public static DebianArchive system(HarnessCache cache) {
        return new DebianArchive(cache, "system", List.of());
    }

    /** Another suite of the same mirror, reached through a private apt configuration. */
    public static DebianArchive privateSuite(HarnessCache cache, String suite) {
        Path base = cache.dir("apt-" + suite);
        Path sourceList = base.resolve("sources.list");
        Path parts = base.resolve("sources.list.d");
        Path lists = base.resolve("lists");
        Path aptCache = base.resolve("cache");
        try {
            Files.createDirectories(parts);
            Files.createDirectories(lists.resolve("partial"));
            Files.createDirectories(aptCache.resolve("archives/partial"));
            String line = "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] " + systemMirror() + " " + suite + " main\n";
            if (!Files.exists(sourceList) || !Files.readString(sourceList).equals(line)) {
                Files.writeString(sourceList, line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> opts = List.of(
                "-o", "Dir::Etc::sourcelist=" + sourceList,
                "-o", "Dir::Etc::sourceparts=" + parts,
                "-o", "Dir::State::Lists=" + lists,
                "-o", "Dir::Cache=" + aptCache,
                "-o", "APT::Sandbox::User=root",
                // The mirror's Release files can be past their Valid-Until for this machine's
                // clock; signatures are still checked.
                "-o", "Acquire::Check-Valid-Until=false",
                "-o", "Debug::NoLocking=1");
        DebianArchive archive = new DebianArchive(cache, suite, opts);
        cache.exclusive(() -> {
            archive.refreshIfOld(lists);
            return null;
        });
        return archive;
    }

    /** The Debian mirror named by the machine's own sources (deb822 or one-line style). */
    static String systemMirror() {
        List<Path> files = new ArrayList<>();
        files.add(Path.of("/etc/apt/sources.list"));
        try (Stream<Path> s = Files.list(Path.of("/etc/apt/sources.list.d"))) {
            s.sorted().forEach(files::add);
        } catch (IOException ignored) {
            // no sources.list.d: only the main file
        }
        Pattern uri = Pattern.compile("(https?://\\S+/debian)/?(\\s|$)");
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(f)) {
                    String t = line.strip();
                    if (t.startsWith("#")) {
                        continue;
                    }
                    Matcher m = uri.matcher(t);
                    if (m.find()) {
                        return m.group(1);
                    }
                }
            } catch (IOException ignored) {
                // unreadable file: try the next
            }
        }
        throw new QemuRunException("no Debian mirror found in /etc/apt/sources.list or /etc/apt/sources.list.d");
    }

    private void refreshIfOld(Path lists) {
        try (Stream<Path> s = Files.list(lists)) {
            Optional<FileTime> newest = s.filter(p -> p.getFileName().toString().endsWith("Packages")
                            || p.getFileName().toString().endsWith("InRelease"))
                    .map(p -> {
                        try {
                            return Files.getLastModifiedTime(p);
                        } catch (IOException e) {
                            return FileTime.fromMillis(0);
                        }
                    })
                    .max(FileTime::compareTo);
            if (newest.isPresent() && newest.get().toInstant().isAfter(Instant.now().minus(LIST_MAX_AGE))) {
                return;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Progress.step("apt-get update of the private " + suite + " package lists", () -> aptGet("update"));
    }

    public String suite() {
        return suite;
    }

    /** The apt options that select this archive, for other apt tools (apt-cache). */
    public List<String> aptOptions() {
        return aptOptions;
    }

    /** Names of the packages that {@code pkg} depends on directly. */
    public List<String> depends(String pkg) {
        List<String> argv = new ArrayList<>(List.of("apt-cache"));
        argv.addAll(aptOptions);
        argv.addAll(List.of("depends", pkg));
        List<String> out = new ArrayList<>();
        for (String line : HostCommand.of(argv).output().split("\n")) {
            String t = line.strip();
            if (t.startsWith("|")) {
                t = t.substring(1);
            }
            if (t.startsWith("Depends: ") || t.startsWith("PreDepends: ")) {
                out.add(t.substring(t.indexOf(": ") + 2).strip());
            }
        }
        if (out.isEmpty()) {
            throw new QemuRunException("apt-cache knows no dependencies of " + pkg + " in " + suite + " (is the package name right, and apt-get update done?)");
        }
        return out;
    }

    /** Downloads one package's .deb into the cache, or returns the cached one. */
    public Path download(String pkg) {
        return cache.exclusive(() -> {
            Optional<Path> cached = cachedDeb(pkg);
            if (cached.isPresent()) {
                return cached.get();
            }
            List<String> argv = new ArrayList<>(List.of("apt-get", "-q"));
            argv.addAll(aptOptions);
            argv.addAll(List.of("download", pkg));
            Path deb = Progress.step("downloading " + pkg + " (" + suite + ")", () -> {
                try {
                    HostCommand.of(argv).in(debs).timeout(1800).output();
                } catch (QemuRunException e) {
                    if (aptOptions.isEmpty()) {
                        // The machine's lists are only refreshed by scripts/setup when they lack a package.
                        throw new QemuRunException(e.getMessage() + " (the system's package lists may be out of date:"
                                + " run apt-get update as root)", e);
                    }
                    throw e;
                }
                return cachedDeb(pkg).orElseThrow(() -> new QemuRunException("apt-get download " + pkg + " left no .deb in " + debs));
            });
            Progress.say(deb.getFileName() + ": " + GuestRun.size(deb) / 1_000_000 + " MB");
            return deb;
        });
    }

    private Optional<Path> cachedDeb(String pkg) {
        String prefix = pkg + "_";
        try (Stream<Path> s = Files.list(debs)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(".deb"))
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void aptGet(String... args) {
        List<String> argv = new ArrayList<>(List.of("apt-get", "-q"));
        argv.addAll(aptOptions);
        argv.addAll(List.of(args));
        HostCommand.of(argv).timeout(600).output();
    }
}
