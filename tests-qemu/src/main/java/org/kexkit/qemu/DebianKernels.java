package org.kexkit.qemu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.kexkit.qemu.run.QemuRunException;

/**
 * Fetches Debian's cloud kernels (image, modules, debug vmlinux) for one suite and unpacks them
 * into the cache. The flavour is "cloud-amd64": virtio drivers, small, quick to boot.
 */
public final class DebianKernels {
    private static final String FLAVOUR = "cloud-amd64";

    private final HarnessCache cache;
    private final SidRoot sidRoot;

    public DebianKernels(HarnessCache cache, SidRoot sidRoot) {
        this.cache = cache;
        this.sidRoot = sidRoot;
    }

    /** bookworm's 6.1, from the machine's own apt sources. */
    public GuestKernel bookworm() {
        return fetch("6.1", DebianArchive.system(cache));
    }

    /** sid's newest, through a private apt configuration. */
    public GuestKernel sid() {
        return fetch("7.2", DebianArchive.privateSuite(cache, "sid"));
    }

    public GuestKernel byLabel(String label) {
        return switch (label) {
            case "6.1", "bookworm" -> bookworm();
            case "7.2", "sid" -> sid();
            default -> throw new QemuRunException("unknown kernel '" + label + "': use 6.1 (bookworm) or 7.2 (sid)");
        };
    }

    private GuestKernel fetch(String label, DebianArchive archive) {
        return cache.exclusive(() -> fetchLocked(label, archive));
    }

    private GuestKernel fetchLocked(String label, DebianArchive archive) {
        String imagePkg = archive.depends("linux-image-" + FLAVOUR).stream()
                .filter(d -> d.startsWith("linux-image-") && d.endsWith(FLAVOUR))
                .findFirst()
                .orElseThrow(() -> new QemuRunException("linux-image-" + FLAVOUR + " in " + archive.suite() + " names no kernel package"));
        String release = imagePkg.substring("linux-image-".length());
        if (!label.equals(majorMinor(release))) {
            throw new QemuRunException(archive.suite() + "'s " + FLAVOUR + " kernel is " + release + ", expected " + label + ".x");
        }
        Path dir = cache.dir("kernels/" + release);
        Path ready = dir.resolve(".ready");
        Path root = dir.resolve("root");
        if (!Files.exists(ready)) {
            Progress.step("fetching Debian's " + release + " kernel and modules", () -> {
                List<String> pkgs = new ArrayList<>(List.of(imagePkg));
                // sid splits the image into linux-binary-* and linux-modules-* packages.
                for (String dep : archive.depends(imagePkg)) {
                    if (dep.matches("linux-(binary|modules)-" + java.util.regex.Pattern.quote(release))) {
                        pkgs.add(dep);
                    }
                }
                deleteTree(root);
                List<Path> debs = new ArrayList<>();
                for (String p : pkgs) {
                    Path deb = archive.download(p);
                    Debs.extract(deb, root);
                    debs.add(deb);
                }
                touch(ready);
                debs.forEach(DebianKernels::deleteQuietly); // unpacked; .ready says so
            });
        }
        Path vmlinuz = find(root, p -> p.getFileName().toString().startsWith("vmlinuz") && Files.isRegularFile(p))
                .orElseThrow(() -> new QemuRunException("no vmlinuz in the " + release + " packages"));
        Path modules = find(root, p -> p.endsWith("modules/" + release) && Files.isDirectory(p))
                .orElseThrow(() -> new QemuRunException("no modules/" + release + " in the " + release + " packages"));
        GuestKernel kernel = new GuestKernel(label, release, vmlinuz, modules, debugVmlinux(archive, imagePkg, release));
        forgetOlderReleases(label, release);
        return kernel;
    }

    /**
     * Deletes what the cache holds of earlier releases of the same kernel line (after Debian moved on
     * from them): their unpacked packages, their .debs and their debug vmlinux (0.4-0.6 GB each).
     */
    private void forgetOlderReleases(String label, String current) {
        try (Stream<Path> dirs = Files.list(cache.dir("kernels"))) {
            for (Path d : dirs.toList()) {
                String release = d.getFileName().toString();
                if (release.equals(current) || !release.endsWith(FLAVOUR) || !majorMinor(release).equals(label)) {
                    continue;
                }
                Progress.say("deleting the cached " + release + " kernel (" + current + " replaced it)");
                deleteTree(d);
                deleteQuietly(sidRoot.path().resolve("var/cache/kexkit/vmlinux-" + release));
                try (Stream<Path> debs = Files.list(cache.dir("debs"))) {
                    debs.filter(p -> p.getFileName().toString().contains(release)).forEach(DebianKernels::deleteQuietly);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a leftover file costs space, nothing else
        }
    }

    /** The DWARF vmlinux of the -dbg package, placed inside the sid root where drgn runs. */
    private Path debugVmlinux(DebianArchive archive, String imagePkg, String release) {
        Path target = sidRoot.path().resolve("var/cache/kexkit/vmlinux-" + release);
        if (Files.exists(target)) {
            return target;
        }
        return Progress.step("fetching " + imagePkg + "-dbg for drgn and crash (a few hundred MB, once per release)", () -> {
            Path deb = archive.download(imagePkg + "-dbg");
            Path tmp = cache.dir("tmp").resolve("dbg-" + release);
            deleteTree(tmp);
            Debs.extractMatching(deb, tmp, "*vmlinux*");
            Path vmlinux = biggestRegularFile(tmp, "vmlinux")
                    .orElseThrow(() -> new QemuRunException(deb.getFileName() + " holds no vmlinux"));
            try {
                Files.createDirectories(target.getParent());
                Files.move(vmlinux, target, StandardCopyOption.REPLACE_EXISTING);
                deleteTree(tmp);
                // The .deb is 300 MB and only the vmlinux is ever used.
                Files.delete(deb);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return target;
        });
    }

    static String majorMinor(String release) {
        String[] parts = release.split("[.-]");
        return parts.length >= 2 ? parts[0] + "." + parts[1] : release;
    }

    private static Optional<Path> find(Path root, java.util.function.Predicate<Path> test) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(test).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Path> biggestRegularFile(Path root, String namePart) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> p.getFileName().toString().contains(namePart))
                    .max(Comparator.comparingLong(p -> p.toFile().length()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void touch(Path p) {
        try {
            Files.writeString(p, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
