package org.kexkit.qemu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.kexkit.qemu.run.HostCommand;
import org.kexkit.qemu.run.QemuRunException;

/**
 * Builds the BTF pair for the layout-fingerprint test, from the same source as the KHO test kernel
 * ({@link KhoKernelBuilder}): kernel A is tinyconfig + test-kernels/kho/kho.config + btf.config
 * (DWARF turned into BTF by pahole); kernel B is A's tree with btf-pair.patch applied (one member
 * added to struct memfd_luo_ser, "memfd-v2" unchanged), built incrementally; kernel A' is B's tree
 * with the patch reverted, built incrementally again, so A and A' describe the same layouts. Cached
 * in kho-btf-pair/SHA256/{bzImage-a,bzImage-b,bzImage-a-again}, the digest over both fragments, the
 * patch and the source package version; build-times.txt beside them says how long each took.
 * Usage (scripts/build-kho-kernel --btf-pair): prints the directory holding the three images.
 */
public final class BtfKernelPairBuilder {
    public static final String RELEASE = "7.2.13-kho-btf";
    /** dwarves carries pahole, which the kernel's BTF step runs (7.2 needs pahole 1.22 or later). */
    static final List<String> HOST_PACKAGES = List.of("dwarves");

    /** The three images: A, B (A plus the patch) and A' (A rebuilt after reverting the patch). */
    public record Pair(Path a, Path b, Path aAgain) {
        static Pair in(Path dir) {
            return new Pair(dir.resolve("bzImage-a"), dir.resolve("bzImage-b"), dir.resolve("bzImage-a-again"));
        }

        boolean complete() {
            return Files.isRegularFile(a) && Files.isRegularFile(b) && Files.isRegularFile(aAgain);
        }
    }

    private final HarnessCache cache;
    private final Path kho;
    private final Path btf;
    private final Path patch;

    public BtfKernelPairBuilder(HarnessCache cache, Path repo) {
        this.cache = cache;
        Path dir = KhoKernel.directory(repo);
        this.kho = dir.resolve("kho.config");
        this.btf = dir.resolve("btf.config");
        this.patch = dir.resolve("btf-pair.patch");
    }

    public static void main(String[] args) {
        Path repo = Path.of(System.getProperty("kexkit.repo", ".")).toAbsolutePath().normalize();
        try {
            System.out.println(new BtfKernelPairBuilder(HarnessCache.fromEnvironment(), repo).ensure().a().getParent());
        } catch (QemuRunException | UncheckedIOException e) {
            System.err.println("kexkit build-kho-kernel: " + e.getMessage());
            System.exit(1);
        }
    }

    /** The cached pair, built first if there is none for these inputs and source version. */
    public Pair ensure() {
        for (Path f : inputs()) {
            if (!Files.isRegularFile(f)) {
                throw new QemuRunException("the BTF pair's input is not at " + f);
            }
        }
        Path deb = DebianArchive.privateSuite(cache, "sid").download(KhoKernelBuilder.SOURCE_PACKAGE);
        String version = HostCommand.of("dpkg-deb", "-f", deb.toString(), "Version").output().strip();
        String release = KhoKernelBuilder.upstreamVersion(version) + "-kho-btf";
        if (!release.equals(RELEASE)) {
            throw new QemuRunException(KhoKernelBuilder.SOURCE_PACKAGE + " " + version + " would build " + release
                    + ", but the harness expects " + RELEASE + " (BtfKernelPairBuilder.RELEASE)");
        }
        Path dir = cache.dir("kho-btf-pair/" + KhoKernelBuilder.key(inputs(), version));
        Pair pair = Pair.in(dir);
        try (FileChannel channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            if (!pair.complete()) {
                build(deb, version, dir, pair);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path image : List.of(pair.a(), pair.b(), pair.aAgain())) {
            KhoKernelBuilder.checkRelease(image, RELEASE);
        }
        return pair;
    }

    private List<Path> inputs() {
        return List.of(kho, btf, patch);
    }

    private void build(Path deb, String version, Path dir, Pair pair) throws IOException {
        List<String> packages = new ArrayList<>(KhoKernelBuilder.HOST_PACKAGES);
        packages.addAll(HOST_PACKAGES);
        HostPackages.ensure("building the KHO kernels with BTF", packages);
        KhoKernelBuilder.BuildTree tree = KhoKernelBuilder.BuildTree.fresh(cache, dir, "-btf-build");
        Path work = tree.work();
        Path log = tree.log();
        Progress.say("building the BTF pair of KHO kernels from " + KhoKernelBuilder.SOURCE_PACKAGE + " " + version
                + " (three builds, the last two incremental; log " + log + ")");
        Instant start = Instant.now();
        Path source = KhoKernelBuilder.unpackSource(deb, work, log);
        Path out = work.resolve("out");
        KhoKernelBuilder.configure(log, source, out, List.of(kho, btf));
        List<String> times = new ArrayList<>();
        times.add("unpack+configure " + seconds(start) + " s");
        times.add("A " + make(log, source, out, pair.a()) + " s");
        KhoKernelBuilder.step(log, source, "patch", "-p1", "-i", patch.toString());
        times.add("B " + make(log, source, out, pair.b()) + " s");
        KhoKernelBuilder.step(log, source, "patch", "-R", "-p1", "-i", patch.toString());
        times.add("A' " + make(log, source, out, pair.aAgain()) + " s");
        times.add("total " + seconds(start) + " s on " + Runtime.getRuntime().availableProcessors() + " cores");
        Files.copy(out.resolve(".config"), dir.resolve("config"), StandardCopyOption.REPLACE_EXISTING);
        Files.write(dir.resolve("build-times.txt"), times);
        DebianKernels.deleteTree(work);
        Progress.say("built the BTF pair (" + String.join(", ", times) + "): " + dir);
    }

    /** make bzImage, the image copied to {@code target}; returns the seconds it took. */
    private static long make(Path log, Path source, Path out, Path target) throws IOException {
        Instant start = Instant.now();
        KhoKernelBuilder.step(log, source, "make", "O=" + out, "-j" + Runtime.getRuntime().availableProcessors(), "bzImage");
        Path part = target.resolveSibling(target.getFileName() + ".part");
        Files.copy(out.resolve("arch/x86/boot/bzImage"), part, StandardCopyOption.REPLACE_EXISTING);
        KhoKernelBuilder.checkRelease(part, RELEASE);
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        return seconds(start);
    }

    private static long seconds(Instant start) {
        return Duration.between(start, Instant.now()).toSeconds();
    }
}
