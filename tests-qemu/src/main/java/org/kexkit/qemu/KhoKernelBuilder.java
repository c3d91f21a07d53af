package org.kexkit.qemu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.kexkit.qemu.run.HostCommand;
import org.kexkit.qemu.run.QemuRunException;

/**
 * Builds the KHO test kernel as test-kernels/kho/README.md describes, to check or replace the image
 * kept in the repository: sid's linux-source-7.2 (through the harness's private sid apt
 * configuration), make tinyconfig, the fragment test-kernels/kho/kho.config merged on top, make bzImage. Cached in
 * kho-kernel/SHA256/bzImage, the digest taken over the fragment and the source package version,
 * so it is built once per fragment and source. Host build packages are installed on first use.
 * Usage (scripts/build-kho-kernel): KhoKernelBuilder; prints the image's path.
 */
public final class KhoKernelBuilder {
    static final String SOURCE_PACKAGE = "linux-source-7.2";
    /** What the kernel's build needs beyond a compiler. */
    static final List<String> HOST_PACKAGES = List.of("build-essential", "bc", "bison", "flex", "libelf-dev", "libssl-dev", "cpio");
    /** Generous: about 5 minutes on 2 idle cores, but the cores may be shared. */
    private static final long STEP_TIMEOUT_SECONDS = 3 * 3600;

    private final HarnessCache cache;
    private final Path fragment;

    public KhoKernelBuilder(HarnessCache cache, Path repo) {
        this.cache = cache;
        this.fragment = KhoKernel.directory(repo).resolve("kho.config");
    }

    public static void main(String[] args) {
        Path repo = Path.of(System.getProperty("kexkit.repo", ".")).toAbsolutePath().normalize();
        try {
            System.out.println(new KhoKernelBuilder(HarnessCache.fromEnvironment(), repo).ensure());
        } catch (QemuRunException | UncheckedIOException e) {
            System.err.println("kexkit build-kho-kernel: " + e.getMessage());
            System.exit(1);
        }
    }

    /** The cached image, built first if there is none for this fragment and source version. */
    public Path ensure() {
        if (!Files.isRegularFile(fragment)) {
            throw new QemuRunException("the KHO kernel's config fragment is not at " + fragment);
        }
        Path deb = DebianArchive.privateSuite(cache, "sid").download(SOURCE_PACKAGE);
        String version = HostCommand.of("dpkg-deb", "-f", deb.toString(), "Version").output().strip();
        String release = upstreamVersion(version) + "-kho";
        if (!release.equals(KhoKernel.RELEASE)) {
            throw new QemuRunException(SOURCE_PACKAGE + " " + version + " would build " + release + ", but the harness expects "
                    + KhoKernel.RELEASE + " (KhoKernel.RELEASE)");
        }
        Path dir = cache.dir("kho-kernel/" + key(version));
        Path image = dir.resolve("bzImage");
        try (FileChannel channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            if (!Files.isRegularFile(image)) {
                build(deb, version, dir, image);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        checkRelease(image, KhoKernel.RELEASE);
        return image;
    }

    private void build(Path deb, String version, Path dir, Path image) throws IOException {
        HostPackages.ensure("building the KHO test kernel", HOST_PACKAGES);
        BuildTree tree = BuildTree.fresh(cache, dir, "-build");
        Path work = tree.work();
        Path log = tree.log();
        Progress.say("building the KHO test kernel from " + SOURCE_PACKAGE + " " + version
                + " (about 5 minutes on 2 idle cores; log " + log + ")");
        Instant start = Instant.now();
        Path source = unpackSource(deb, work, log);
        Path out = work.resolve("out");
        configure(log, source, out, List.of(fragment));
        step(log, source, "make", "O=" + out, "-j" + Runtime.getRuntime().availableProcessors(), "bzImage");
        Path part = dir.resolve("bzImage.part");
        Files.copy(out.resolve("arch/x86/boot/bzImage"), part, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(out.resolve(".config"), dir.resolve("config"), StandardCopyOption.REPLACE_EXISTING);
        checkRelease(part, KhoKernel.RELEASE);
        Files.move(part, image, StandardCopyOption.ATOMIC_MOVE);
        DebianKernels.deleteTree(work); // about 1.5 GB of source; the image, config and log are kept
        Progress.say("built the KHO test kernel in " + Duration.between(start, Instant.now()).toSeconds() + " s: " + image);
    }

    /** A build's scratch tree (emptied first; deleted when the build is done) and its log beside the cached result. */
    record BuildTree(Path work, Path log) {
        static BuildTree fresh(HarnessCache cache, Path dir, String suffix) throws IOException {
            Path work = cache.dir("tmp").resolve(dir.getFileName() + suffix);
            DebianKernels.deleteTree(work);
            Files.createDirectories(work);
            Path log = dir.resolve("build.log");
            Files.writeString(log, "");
            return new BuildTree(work, log);
        }
    }

    /** Runs one build step with its output appended to the log; a failure ends in one line. */
    static void step(Path log, Path dir, String... argv) throws IOException {
        String line = String.join(" ", argv);
        Progress.say("KHO test kernel: " + line);
        Files.writeString(log, "### " + line + "\n", StandardOpenOption.APPEND);
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        // Names the builder in the version string; the image in the repository says root@vm.
        pb.environment().putAll(Map.of("KBUILD_BUILD_USER", "kexkit", "KBUILD_BUILD_HOST", "harness"));
        try {
            Process p = pb.start();
            if (!p.waitFor(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new QemuRunException("building the KHO test kernel: '" + line + "' did not finish within "
                        + STEP_TIMEOUT_SECONDS + " s (log " + log + ")");
            }
            if (p.exitValue() != 0) {
                String text = Files.readString(log, StandardCharsets.UTF_8);
                throw new QemuRunException("building the KHO test kernel failed: '" + line + "' exited with status "
                        + p.exitValue() + ": " + HostCommand.lastLines(text, 4) + " (log " + log + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QemuRunException("building the KHO test kernel was interrupted (log " + log + ")", e);
        }
    }

    /** The source tree unpacked from the linux-source .deb into {@code work}. */
    static Path unpackSource(Path deb, Path work, Path log) throws IOException {
        Debs.extractMatching(deb, work.resolve("pkg"), "*/" + SOURCE_PACKAGE + ".tar.xz");
        Path tarball = work.resolve("pkg/usr/src/" + SOURCE_PACKAGE + ".tar.xz");
        step(log, work, "tar", "-xf", tarball.toString());
        Files.delete(tarball);
        return work.resolve(SOURCE_PACKAGE);
    }

    /** tinyconfig in {@code out}, the fragments merged on top in order, olddefconfig, then checked. */
    static void configure(Path log, Path source, Path out, List<Path> fragments) throws IOException {
        step(log, source, "make", "O=" + out, "tinyconfig");
        List<String> merge = new java.util.ArrayList<>(List.of("scripts/kconfig/merge_config.sh", "-O", out.toString(), "-m",
                out.resolve(".config").toString()));
        fragments.forEach(f -> merge.add(f.toString()));
        step(log, source, merge.toArray(String[]::new));
        step(log, source, "make", "O=" + out, "olddefconfig");
        checkConfig(out.resolve(".config"), fragments);
    }

    /**
     * merge_config.sh -m only warns, and olddefconfig drops what a dependency rules out. A later
     * fragment's setting of an option replaces an earlier one's, as in merge_config.sh.
     */
    static void checkConfig(Path config, List<Path> fragments) throws IOException {
        List<String> have = Files.readAllLines(config);
        Map<String, String> want = new java.util.LinkedHashMap<>();
        Map<String, Path> from = new java.util.HashMap<>();
        for (Path fragment : fragments) {
            for (String line : Files.readAllLines(fragment)) {
                String w = line.strip();
                if (w.startsWith("CONFIG_") && w.contains("=")) {
                    String option = w.substring(0, w.indexOf('='));
                    want.put(option, w);
                    from.put(option, fragment);
                }
            }
        }
        for (Map.Entry<String, String> e : want.entrySet()) {
            String w = e.getValue();
            if (!w.endsWith("=n") && !have.contains(w)) {
                throw new QemuRunException("building the KHO test kernel: " + w + " from " + from.get(e.getKey())
                        + " did not survive make olddefconfig (see " + config + ")");
            }
        }
    }

    static void checkRelease(Path image, String release) {
        SetupHeaderVersion v = SetupHeaderVersion.read(image);
        if (!v.release().equals(release)) {
            throw new QemuRunException(image + " is \"" + v.text() + "\", expected release " + release);
        }
    }

    /** "7.2.13-1" gives 7.2.13: no epoch, no Debian revision (deb-version(7)). */
    static String upstreamVersion(String debianVersion) {
        String v = debianVersion.substring(debianVersion.indexOf(':') + 1);
        int dash = v.lastIndexOf('-');
        return dash < 0 ? v : v.substring(0, dash);
    }

    private String key(String version) {
        return key(List.of(fragment), version);
    }

    /** The cache key: SHA-256 over the files' bytes (fragments, patches) and the source package version. */
    static String key(List<Path> files, String version) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path f : files) {
                sha.update(Files.readAllBytes(f));
            }
            sha.update(("\n" + SOURCE_PACKAGE + " " + version + "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
