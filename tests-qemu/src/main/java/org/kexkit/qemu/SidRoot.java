package org.kexkit.qemu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.kexkit.qemu.run.DrgnCheck;
import org.kexkit.qemu.run.HostCommand;
import org.kexkit.qemu.run.QemuRunException;

/**
 * A debootstrap'd Debian sid directory in the cache, where sid's programs (drgn 0.3 and later
 * crash and makedumpfile) run under chroot without touching the host's own packages.
 */
public final class SidRoot {
    /** The independent readers (and the reference filter, dtc, and ndctl for the pmem guests) that the checks run inside the root. */
    static final List<String> PACKAGES = List.of("python3-drgn", "python3-libkdumpfile", "crash", "makedumpfile",
            "device-tree-compiler", "ndctl");

    /** Inside the root: one directory per runs directory (see {@link #workDir}). */
    static final String WORK = "var/tmp/kexkit";
    /** In each of those: the runs directory it belongs to. */
    private static final String RUNS_NOTE = ".runs-directory";

    private final Path root;
    /** This runs directory's own part of {@link #WORK}. */
    private final Path work;

    private SidRoot(Path root, Path work) {
        this.root = root;
        this.work = work;
    }

    /** The cached root, built with debootstrap on first use. */
    public static SidRoot ensure(HarnessCache cache) {
        return cache.exclusive(() -> {
            Path root = cache.root().resolve("sid-root");
            Path ready = root.resolve("var/lib/kexkit-ready");
            if (!Files.exists(ready)) {
                Progress.step("debootstrap of a Debian sid root for drgn, crash and makedumpfile (once; several minutes)", () -> {
                    Path tmp = cache.root().resolve("sid-root.partial");
                    DebianKernels.deleteTree(tmp);
                    HostCommand.of("debootstrap", "--variant=minbase", "--include=" + String.join(",", PACKAGES.subList(0, 1)),
                                    "sid", tmp.toString(), DebianArchive.systemMirror())
                            .timeout(1800).output();
                    DebianKernels.deleteTree(root);
                    try {
                        Files.move(tmp, root);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    DebianKernels.touch(ready);
                });
            }
            SidRoot sid = new SidRoot(root, workArea(root, cache));
            sid.installMissing();
            return sid;
        });
    }

    /**
     * This runs directory's part of the root's work area, made owner-only. The default runs
     * directory has "runs"; another (KEXKIT_RUNS) one named after its path's digest, so that two
     * test runs at once never share saved vmcores. Parts whose runs directory is gone are deleted,
     * and so are the entries of the older flat layout that nothing touched for a day.
     */
    private static Path workArea(Path root, HarnessCache cache) {
        Path base = HarnessCache.privateDirectory(root.resolve(WORK));
        String key = cache.defaultRuns() ? "runs" : "runs-" + digest(cache.runs().toString());
        Path area = HarnessCache.privateDirectory(base.resolve(key));
        try {
            Files.writeString(area.resolve(RUNS_NOTE), cache.runs() + "\n");
            try (var entries = Files.list(base)) {
                for (Path e : entries.toList()) {
                    if (e.equals(area)) {
                        continue;
                    }
                    Path note = e.resolve(RUNS_NOTE);
                    boolean stale = Files.isRegularFile(note)
                            ? !Files.isDirectory(Path.of(Files.readString(note).strip()))
                            : Files.getLastModifiedTime(e).toInstant().isBefore(java.time.Instant.now().minus(java.time.Duration.ofDays(1)));
                    if (stale) {
                        Progress.say("deleting " + e + " (work files of a runs directory that is gone, or unused for a day)");
                        DebianKernels.deleteTree(e);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return area;
    }

    private static String digest(String text) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds packages named since the root was made; apt runs inside the root. */
    private void installMissing() {
        List<String> missing = new ArrayList<>();
        for (String p : PACKAGES) {
            HostCommand.Result r = run(60, "dpkg-query", "-W", "-f=${Status}", p);
            if (!r.stdout().contains("install ok installed")) {
                missing.add(p);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        Progress.say("installing " + String.join(" ", missing) + " in the sid root");
        try {
            Files.copy(Path.of("/etc/resolv.conf"), root.resolve("etc/resolv.conf"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give the sid root a resolv.conf", e);
        }
        // The mirror's Release files can be past their Valid-Until for this machine's clock;
        // signatures are still checked.
        requireSuccess(run(900, "apt-get", "-q", "-o", "Acquire::Check-Valid-Until=false", "update"), "apt-get update in the sid root");
        List<String> install = new ArrayList<>(List.of("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "-q", "-y",
                "--no-install-recommends", "install"));
        install.addAll(missing);
        requireSuccess(run(1800, install.toArray(String[]::new)), "apt-get install " + missing + " in the sid root");
    }

    private static void requireSuccess(HostCommand.Result r, String what) {
        if (r.exitCode() != 0) {
            throw new QemuRunException(what + " failed with exit status " + r.exitCode() + ": "
                    + HostCommand.lastLines(r.stderr() + r.stdout(), 6));
        }
    }

    public Path path() {
        return root;
    }

    /** A host path of a file inside the root as the chroot sees it. */
    public String inside(Path hostPath) {
        Path rel = root.relativize(hostPath.toAbsolutePath());
        if (rel.startsWith("..")) {
            throw new IllegalArgumentException(hostPath + " is not inside " + root);
        }
        return "/" + rel;
    }

    /**
     * The host file behind a path as the chroot sees it, following symbolic links inside the root
     * (an absolute link target means the root's file, never the host's).
     */
    public Path hostFile(String insidePath) {
        Path p = root.resolve(insidePath.replaceFirst("^/+", ""));
        try {
            for (int hops = 0; Files.isSymbolicLink(p); hops++) {
                if (hops > 40) {
                    throw new QemuRunException("too many symbolic links at " + insidePath + " in " + root);
                }
                Path target = Files.readSymbolicLink(p);
                p = target.isAbsolute() ? root.resolve(target.toString().substring(1)) : p.getParent().resolve(target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.normalize();
    }

    /**
     * A directory inside the root for one verification run's files (saved vmcores, dumps to compare),
     * in this runs directory's part of the work area: each name holds the latest run's files only.
     */
    public Path workDir(String name) {
        return HarnessCache.privateDirectory(work.resolve(name));
    }

    /** drgn as this root's python3 runs it, over files inside the root. */
    public DrgnCheck drgn() {
        return new DrgnCheck(new DrgnCheck.Python() {
            @Override
            public HostCommand.Result run(long timeoutSeconds, List<String> argv) {
                List<String> full = new ArrayList<>(List.of("python3"));
                full.addAll(argv);
                return SidRoot.this.run(timeoutSeconds, full.toArray(String[]::new));
            }

            @Override
            public String path(Path hostFile) {
                return inside(hostFile);
            }
        });
    }

    /** Runs a program inside the root. */
    public HostCommand.Result run(long timeoutSeconds, String... argv) {
        List<String> full = new ArrayList<>(List.of("chroot", root.toString()));
        full.addAll(List.of(argv));
        return HostCommand.of(full).env(java.util.Map.of("LANG", "C.UTF-8", "PATH", "/usr/sbin:/usr/bin:/sbin:/bin"))
                .timeout(timeoutSeconds).run();
    }
}
