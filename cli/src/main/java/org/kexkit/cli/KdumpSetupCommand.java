package org.kexkit.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.kexkit.capture.CaptureEnvException;
import org.kexkit.capture.CaptureImage;
import org.kexkit.capture.KernelModules;
import org.kexkit.capture.KernelRelease;
import org.kexkit.capture.SharedLibraries;
import org.kexkit.dump.io.SafeOutputFile;
import org.kexkit.kdump.CaptureNetwork;
import org.kexkit.kdump.CaptureRuntime;
import org.kexkit.kdump.CaptureTarget;
import org.kexkit.kdump.CaptureTargetException;
import org.kexkit.kdump.DumpTarget;
import org.kexkit.kdump.KdumpConfig;
import org.kexkit.kdump.KdumpConfigText;
import org.kexkit.kdump.KdumpPaths;
import org.kexkit.kexec.Sizes;
import picocli.CommandLine.Model.OptionSpec;

/** {@code kexkit kdump setup}: builds the capture initramfs {@code kdump load} loads. */
final class KdumpSetupCommand extends SystemCommand {
    static final String NOTHING_WRITTEN = "; nothing written";
    /** Where the image keeps the ssh target's host key lines: root's known_hosts, where the capture's ssh looks. */
    static final String KNOWN_HOSTS = "root/.ssh/known_hosts";
    /** The system property bin/kexkit sets to the runtime tree it runs from. */
    static final String HOME_PROPERTY = "kexkit.home";
    /** Where distributions install busybox: Debian's busybox-static and busybox, Fedora's busybox. */
    static final List<String> BUSYBOX = List.of("usr/bin/busybox", "bin/busybox", "usr/sbin/busybox", "sbin/busybox");
    private final SysrootOption sysroot = new SysrootOption(spec);
    private final KdumpConfigOption config = new KdumpConfigOption(spec);
    private final OptionSpec kernel = Models.option("--kernel", "VMLINUZ", Path.class, "The capture kernel the image is"
            + " for (its release names the modules and the output); default: the running kernel.").build();
    private final OptionSpec modules = Models.option("--modules", "DIR", Path.class, "Its module tree (default"
            + " /lib/modules/RELEASE).").build();
    private final OptionSpec output = Models.option("--output", "FILE", Path.class, "Where to write the image (default"
            + " /var/lib/kexkit/capture-RELEASE.img, what kdump load loads).").build();
    private final OptionSpec runtime = Models.option("--runtime", "DIR", Path.class, "The kexkit runtime tree to put in"
            + " (default: the one this kexkit runs from, /usr/lib/kexkit when installed).").build();
    private final OptionSpec busybox = Models.option("--busybox", "FILE", Path.class, "The busybox program (default:"
            + " the system's).").build();
    private final OptionSpec ifStale = Models.flag("--if-stale", "Build only when the image is missing or older than"
            + " kdump.conf, the capture kernel or the kexkit tree (for an ssh target also the key and the known_hosts"
            + " files) (what the unit runs before each load); otherwise say"
            + " it is current and write nothing.");

    KdumpSetupCommand() {
        super("Build the capture environment (an initramfs) for the running kernel, or the one --kernel/--modules name:"
                + " busybox from the system, kexkit's init, the kexkit runtime tree with the system libraries it needs"
                + " (with capture_runtime disk in kdump.conf only the libraries: the init mounts the filesystem the tree"
                + " is installed on read-only and runs it from there),"
                + " kdump.conf (and the erase, kallsyms and extension files it names), and the kernel modules the"
                + " dump target's disk and filesystem need with their dependencies. A local target directory is written into the image's"
                + " kdump.conf as its filesystem's UUID, which the init mounts read-write before 'kexkit kdump capture';"
                + " the init then reboots, halts, powers off or opens a shell as the capture's 'action:' line says.",
            "Compressed as LZ4 (gzip when the kernel's config lacks CONFIG_RD_LZ4); written 0600 under a temporary name"
                + " and renamed when complete. Prints its size.",
            "An ssh target brings the network into the image instead of a filesystem: the drivers of the machine's"
                + " network interfaces, the system's ssh client with its libraries, the private key (ssh_key, default"
                + " /root/.ssh/kdump_id_rsa) and the target's lines from /root/.ssh/known_hosts or"
                + " /etc/ssh/ssh_known_hosts; the init gets an address with DHCP.",
            "Refused with one line: no busybox, an NFS target, a target on no disk kexkit can mount; for ssh: no ssh"
                + " client, no key, a host key known in neither known_hosts file (the capture never accepts an"
                + " unknown one), no network interface.");
        spec.addOption(kernel);
        spec.addOption(modules);
        spec.addOption(output);
        spec.addOption(runtime);
        spec.addOption(busybox);
        spec.addOption(ifStale);
    }

    @Override
    public Integer call() throws Exception {
        Path root = sysroot.root(environment);
        KdumpConfig settings = config.read(root, NOTHING_WRITTEN);
        String release = release(root);
        Path moduleDir = modules.getValue() != null ? modules.<Path>getValue()
                : root.resolve("lib/modules").resolve(release);
        Path tree = tree();
        Path out = output.getValue() != null ? output.<Path>getValue()
                : KdumpPaths.under(root, KdumpPaths.captureInitrd(release));
        if (Models.given(ifStale)) {
            Path kernelImage = kernel.getValue() != null ? kernel.<Path>getValue()
                    : KdumpPaths.under(root, settings.kernel().orElse(KdumpPaths.kernelImage(release)));
            List<Path> inputs = new ArrayList<>(List.of(config.file(root), kernelImage, tree.resolve("bin/kexkit")));
            if (settings.target() instanceof DumpTarget.Ssh ssh) {
                // the image holds copies of the key and the host key lines: a new key or host key needs a new image
                inputs.add(KdumpPaths.under(root, ssh.identity()));
                CaptureNetwork.KNOWN_HOSTS.forEach(f -> inputs.add(root.resolve(f)));
            }
            if (current(out, inputs)) {
                spec.commandLine().getOut().println("kdump setup: " + out + " is current (newer than kdump.conf, the"
                        + " kernel and the kexkit tree" + (settings.target() instanceof DumpTarget.Ssh
                        ? ", the ssh key and known_hosts" : "") + "); kept");
                return 0;
            }
        }
        Path busyboxFile = busybox(root);
        Optional<CaptureTarget> target = Optional.empty();
        Optional<CaptureNetwork> network = Optional.empty();
        List<String> wanted = new ArrayList<>();
        try {
            if (settings.target() instanceof DumpTarget.Ssh ssh) {
                network = Optional.of(CaptureNetwork.resolve(root, ssh));
                wanted.addAll(network.get().drivers());
            } else {
                target = Optional.of(CaptureTarget.resolve(root, settings.target()));
                wanted.addAll(target.get().drivers());
                wanted.add(target.get().fsType());
            }
        } catch (CaptureTargetException e) {
            throw new CommandFailure(e.getMessage() + NOTHING_WRITTEN);
        }
        Optional<CaptureTarget> runtimeDisk = Optional.empty();
        if (settings.captureRuntime() == CaptureRuntime.DISK) {
            runtimeDisk = Optional.of(runtimeDisk(root, tree));
            wanted.addAll(runtimeDisk.get().drivers());
            wanted.add(runtimeDisk.get().fsType());
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        KdumpConfig inImage;
        if (network.isPresent()) {
            // the key at the path the config names (spelled out when it was the default), the host's key lines as
            // root's known_hosts
            DumpTarget.Ssh ssh = network.get().target();
            inImage = settings.withTarget(new DumpTarget.Ssh(ssh.user(), ssh.host(), ssh.port(), ssh.directory(),
                    Optional.of(ssh.identity())));
            files.put(ssh.identity().toString().replaceFirst("^/+", ""), read(network.get().key()));
            files.put(KNOWN_HOSTS, (String.join("\n", network.get().knownHosts()) + "\n").getBytes(StandardCharsets.UTF_8));
        } else {
            inImage = settings.withTarget(target.orElseThrow().mount());
        }
        files.put(KdumpPaths.CONFIG, KdumpConfigText.write(inImage).getBytes(StandardCharsets.UTF_8));
        List<Path> carried = new ArrayList<>(settings.extensions());
        settings.erase().ifPresent(carried::add);
        settings.kallsyms().ifPresent(carried::add);
        for (Path extra : carried) {
            // the capture reads them at the same paths
            files.put(extra.toString().replaceFirst("^/+", ""), read(KdumpPaths.under(root, extra)));
        }
        boolean lz4 = lz4(root, release);
        try {
            List<KernelModules.Module> mods = Files.isDirectory(moduleDir)
                    ? new KernelModules(moduleDir).withDependencies(wanted) : List.of();
            List<Path> elves = new ArrayList<>(CaptureImage.elfFiles(tree));
            elves.add(busyboxFile);
            network.ifPresent(n -> elves.add(n.ssh()));
            TreeMap<String, Path> libraries = new SharedLibraries(root).of(elves, CaptureImage.fileNames(tree));
            CaptureImage image = new CaptureImage(busyboxFile, tree, runtimeDisk.map(r -> new CaptureImage.RuntimeDisk(
                    new CaptureImage.TargetMount(r.mount().spec(), r.fsType()), r.mount().directory())), mods, files,
                    target.map(t -> new CaptureImage.TargetMount(t.mount().spec(), t.fsType())),
                    network.map(n -> new CaptureImage.Network(n.ssh())), settings.failureAction().word(), lz4);
            Files.createDirectories(out.toAbsolutePath().getParent());
            int count;
            try (SafeOutputFile file = SafeOutputFile.create(out, true)) {
                OutputStream stream = new BufferedOutputStream(Channels.newOutputStream(file.channel()), 1 << 20);
                count = image.write(new NotClosing(stream), libraries);
                stream.flush();
                file.commit();
            }
            PrintWriter o = spec.commandLine().getOut();
            o.println("kdump setup: wrote " + out + " (" + Sizes.describe(Files.size(out)) + ", " + (lz4 ? "lz4" : "gzip")
                    + ", " + count + " files) for " + release);
            target.ifPresent(t -> o.println("  target:  " + t.mount().spec() + ":" + t.mount().directory() + " ("
                    + t.fsType() + " on " + t.device().name() + ")"));
            network.ifPresent(n -> {
                o.println("  target:  " + KdumpConfigText.target(n.target()) + " (port " + n.target().port() + ", key "
                        + n.target().identity() + ", host key from " + String.join(", ", n.knownFrom()) + ")");
                o.println("  network: " + String.join(" ", n.interfaces()) + " (DHCP in the capture; ssh "
                        + "/" + root.relativize(n.ssh()) + ")");
            });
            runtimeDisk.ifPresent(r -> o.println("  runtime: " + r.mount().spec() + ":" + r.mount().directory() + " ("
                    + r.fsType() + " on " + r.device().name() + ", mounted read-only by the capture; not in the image)"));
            o.println("  modules: " + (mods.isEmpty() ? "none (built in" + (Files.isDirectory(moduleDir) ? ")"
                    : "; no " + moduleDir + ")") : String.join(" ", mods.stream().map(KernelModules.Module::name).toList())));
            return 0;
        } catch (CaptureEnvException e) {
            throw new CommandFailure(e.getMessage() + NOTHING_WRITTEN);
        }
    }

    /** The filesystem the runtime tree is installed on (capture_runtime disk), as a target is found. */
    private static CaptureTarget runtimeDisk(Path root, Path tree) throws IOException {
        Path abs = tree.toAbsolutePath().normalize();
        Path rootAbs = root.toAbsolutePath().normalize();
        // the tree as the system under --sysroot names it
        Path inSystem = abs.startsWith(rootAbs) ? Path.of("/").resolve(rootAbs.relativize(abs)) : abs;
        try {
            return CaptureTarget.resolve(root, new DumpTarget.LocalPath(inSystem));
        } catch (CaptureTargetException e) {
            throw new CommandFailure("capture_runtime disk: the runtime tree " + inSystem + ": "
                    + e.getMessage().replaceFirst("^target " + java.util.regex.Pattern.quote(inSystem.toString()) + ": ", "")
                    + "; use capture_runtime image" + NOTHING_WRITTEN);
        }
    }

    /** True when {@code image} exists and none of {@code inputs} was modified after it (a missing input counts as older). */
    static boolean current(Path image, List<Path> inputs) {
        long built = KdumpLoadCommand.mtime(image);
        return Files.isRegularFile(image) && inputs.stream().allMatch(p -> KdumpLoadCommand.mtime(p) <= built);
    }

    /** --kernel's release (from --modules' name, else the image's setup header), or the running kernel's. */
    private String release(Path root) throws IOException {
        Path image = kernel.getValue();
        if (image == null) {
            return KdumpSystem.release(root);
        }
        if (modules.getValue() != null) {
            return modules.<Path>getValue().toAbsolutePath().normalize().getFileName().toString();
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(image)) {
            head = in.readNBytes(64 << 10);
        } catch (IOException e) {
            throw new CommandFailure(image + ": cannot read: " + ErrorReporter.expectedMessage(e) + NOTHING_WRITTEN);
        }
        return KernelRelease.ofBzImage(head).orElseThrow(() -> new CommandFailure(image + ": offset 0x202: no bzImage"
                + " setup header with a kernel_version; give --modules DIR" + NOTHING_WRITTEN));
    }

    private Path tree() {
        Path t = runtime.getValue();
        if (t == null) {
            t = runningTree().orElseThrow(() -> new CommandFailure("kexkit is not running from a runtime tree"
                    + " (bin/kexkit, java/, lib/): give --runtime DIR (runtime/target/kexkit in a checkout)"
                    + NOTHING_WRITTEN));
        }
        if (!Files.isRegularFile(t.resolve("bin/kexkit")) || !Files.isDirectory(t.resolve("java"))) {
            throw new CommandFailure(t + ": not a kexkit runtime tree (no bin/kexkit and java/)" + NOTHING_WRITTEN);
        }
        return t;
    }

    /**
     * The tree the launcher runs from (it passes its directory as kexkit.home), else, run without the launcher
     * (tests, a development checkout), the tree whose lib/cli.jar this class was loaded from. The launcher's
     * class archive reports the class's location at training time, the build's tree, so that is no guide then.
     */
    static Optional<Path> runningTree() {
        String home = System.getProperty(HOME_PROPERTY);
        if (home != null && !home.isEmpty()) {
            Path tree = Path.of(home);
            return Files.isRegularFile(tree.resolve("bin/kexkit")) ? Optional.of(tree) : Optional.empty();
        }
        try {
            var source = KdumpSetupCommand.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return Optional.empty();
            }
            Path jar = Path.of(source.getLocation().toURI());
            Path tree = jar.getParent() == null ? null : jar.getParent().getParent();
            return tree != null && jar.getFileName().toString().endsWith(".jar")
                    && Files.isRegularFile(tree.resolve("bin/kexkit")) ? Optional.of(tree) : Optional.empty();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private Path busybox(Path root) {
        return busybox(root, busybox.getValue(), NOTHING_WRITTEN);
    }

    /** {@code given}, else the system's busybox under {@code root}; a CommandFailure ending in {@code suffix} without one. */
    static Path busybox(Path root, Path given, String suffix) {
        if (given != null) {
            return given;
        }
        for (String p : BUSYBOX) {
            Path f = root.resolve(p);
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        throw new CommandFailure("busybox not found (" + String.join(", ", BUSYBOX.stream().map(p -> "/" + p).toList())
                + "): install busybox-static (Debian) or busybox, or give --busybox FILE" + suffix);
    }

    /** LZ4 unless the kernel's config (/boot/config-RELEASE, when present) says it cannot unpack it. */
    static boolean lz4(Path root, String release) {
        Path config = root.resolve("boot").resolve("config-" + release);
        try {
            return !Files.isRegularFile(config) || Files.readAllLines(config, StandardCharsets.UTF_8).contains(
                    "CONFIG_RD_LZ4=y");
        } catch (IOException e) {
            return true;
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CommandFailure(file + ": cannot read: " + ErrorReporter.expectedMessage(e) + NOTHING_WRITTEN);
        }
    }

    /** The image's writer closes its stream at the end; the safe file commits only after, so keep it open. */
    private static final class NotClosing extends java.io.FilterOutputStream {
        NotClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
