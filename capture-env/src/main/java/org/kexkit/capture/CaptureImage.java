package org.kexkit.capture;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * The capture initramfs: busybox, our /init, the kexkit tree at /usr/lib/kexkit with the system libraries it
 * links against, the kernel modules the dump target needs (in load order), and the files the capture reads
 * (kdump.conf, an erase file), as one newc cpio compressed as LZ4 legacy or gzip.
 *
 * @param busybox    the busybox program (static or dynamic: its libraries are added)
 * @param tree       the kexkit runtime tree (bin/kexkit, java/, lib/)
 * @param runtimeDisk where /init finds that tree instead of in the image: a filesystem it mounts read-only at
 *                   /mnt/runtime, and the tree's directory inside it (/usr/lib/kexkit for an installed package)
 * @param modules    the modules /init loads, dependencies first
 * @param files      image path (relative) -> contents: /etc/kexkit/kdump.conf and what it names
 * @param target     what /init mounts at /mnt/target before the capture, if anything
 * @param failureAction what /init does when the capture prints no action (kdump.conf's failure_action)
 * @param network    what /init brings up for an ssh target, if anything
 * @param lz4        LZ4 legacy (CONFIG_RD_LZ4) rather than gzip
 */
public record CaptureImage(Path busybox, Path tree, Optional<RuntimeDisk> runtimeDisk, List<KernelModules.Module> modules,
        Map<String, byte[]> files, Optional<TargetMount> target, Optional<Network> network, String failureAction,
        boolean lz4) {
    /** Where the tree goes, as the package installs it. */
    public static final String TREE = "usr/lib/kexkit";
    /** The mount point of the dump target inside the capture environment. */
    public static final String TARGET_DIR = "/mnt/target";

    /** A filesystem /init mounts read-write: {@code spec} is UUID=... or LABEL=... as findfs takes it. */
    public record TargetMount(String spec, String fsType) {
        public TargetMount {
            if (!spec.matches("(UUID|LABEL)=[^\\x00-\\x1f']+") || !fsType.matches("[a-z0-9_]+")) {
                throw new IllegalArgumentException("not a mountable target: " + spec + " " + fsType);
            }
        }
    }

    /**
     * The network of an ssh target: /init loads the drivers (among the modules), brings up every interface that
     * has a device with busybox's udhcpc (DHCP; the script {@link #DHCP_SCRIPT} sets the lease with busybox ip) and
     * the capture runs {@code ssh} from PATH. The ssh client goes in at /usr/bin/ssh (its libraries among the image's),
     * with an /etc/passwd naming root's home, where ssh looks for ~/.ssh; the key and the known_hosts lines come as
     * files (0600).
     */
    public record Network(Path ssh) {
        /** Where the ssh client goes. */
        public static final String SSH = "usr/bin/ssh";
        /** What glibc and ssh read: root's entry (ssh asks getpwuid for the home), nss from files only, localhost. */
        static final Map<String, String> SYSTEM_FILES = Map.of(
                "etc/passwd", "root:x:0:0:root:/root:/bin/sh\n",
                "etc/group", "root:x:0:\n",
                "etc/nsswitch.conf", "passwd: files\ngroup: files\nhosts: files dns\n",
                "etc/hosts", "127.0.0.1 localhost\n");
    }

    /** udhcpc's script in the image. */
    public static final String DHCP_SCRIPT = "etc/kexkit/udhcpc.sh";

    /** The mount point of the runtime's filesystem when the tree is not in the image. */
    public static final String RUNTIME_DIR = "/mnt/runtime";

    /** The filesystem holding the runtime tree, and the tree's absolute directory inside it. */
    public record RuntimeDisk(TargetMount filesystem, String directory) {
        public RuntimeDisk {
            if (!directory.matches("/[^\\x00-\\x1f']*")) {
                throw new IllegalArgumentException("not a directory inside a filesystem: " + directory);
            }
        }
    }

    public CaptureImage {
        modules = List.copyOf(modules);
        files = Map.copyOf(files);
    }

    /** Writes the image to {@code out} (closed at the end) and returns the number of files it holds. */
    public int write(OutputStream out, Map<String, Path> libraries) throws IOException {
        int count = 0;
        try (CpioWriter cpio = new CpioWriter(lz4 ? new Lz4LegacyOutputStream(out) : new GZIPOutputStream(out, 1 << 16))) {
            TreeSet<String> dirs = new TreeSet<>(List.of("bin", "dev", "proc", "sys", "tmp", "root", "mnt", "etc",
                    "etc/kexkit", "lib", "lib64", "lib/x86_64-linux-gnu", "lib/modules", "usr", "usr/lib"));
            if (network.isPresent()) {
                dirs.add("usr/bin");
            }
            for (String name : files.keySet()) {
                for (Path d = Path.of(name).getParent(); d != null; d = d.getParent()) {
                    dirs.add(d.toString());
                }
            }
            for (String d : dirs) { // sorted: every parent before its children
                cpio.directory(d, d.equals("tmp") ? 01777 : 0755);
            }
            cpio.charDevice("dev/console", 0600, 5, 1);
            cpio.file("init", 0755, resource("capture-init.sh"));
            cpio.file("bin/busybox", 0755, Files.readAllBytes(busybox));
            cpio.file("bin/kexkit", 0755, resource("capture-kexkit.sh"));
            cpio.file("etc/kexkit/capture.conf", 0644, settings().getBytes(StandardCharsets.UTF_8));
            count += 4;
            if (network.isPresent()) {
                cpio.file(Network.SSH, 0755, Files.readAllBytes(network.get().ssh()));
                cpio.file(DHCP_SCRIPT, 0755, resource("capture-udhcpc.sh"));
                for (var f : new TreeMap<>(Network.SYSTEM_FILES).entrySet()) {
                    cpio.file(f.getKey(), 0644, f.getValue().getBytes(StandardCharsets.US_ASCII));
                }
                count += 2 + Network.SYSTEM_FILES.size();
            }
            for (var f : new TreeMap<>(files).entrySet()) {
                cpio.file(f.getKey(), 0600, f.getValue());
                count++;
            }
            for (var lib : libraries.entrySet()) {
                addLibrary(cpio, lib.getKey(), lib.getValue());
                count++;
            }
            if (runtimeDisk.isPresent()) {
                // the tree stays on its disk: the image only points at where /init mounts it
                String dir = runtimeDisk.get().directory();
                cpio.symlink(TREE, RUNTIME_DIR + (dir.equals("/") ? "" : dir));
            } else {
                count += cpio.tree(tree, TREE);
            }
            addModules(cpio, modules, LOAD_ORDER);
            count += modules.size() + 1;
        }
        return count;
    }

    /** The list of modules /init loads, in order, under lib/modules. */
    public static final String LOAD_ORDER = "load-order";

    /** A shared library in lib/x86_64-linux-gnu; the loader also at /lib64, where programs' PT_INTERP names it. */
    public static void addLibrary(CpioWriter cpio, String name, Path file) throws IOException {
        cpio.file("lib/x86_64-linux-gnu/" + name, 0755, Files.readAllBytes(file));
        if (name.startsWith("ld-linux")) {
            cpio.symlink("lib64/" + name, "/lib/x86_64-linux-gnu/" + name);
        }
    }

    /** The modules as lib/modules/NAME.ko, and their names in the order given in lib/modules/{@code list}. */
    public static void addModules(CpioWriter cpio, List<KernelModules.Module> modules, String list) throws IOException {
        StringBuilder order = new StringBuilder();
        for (KernelModules.Module m : modules) {
            cpio.file("lib/modules/" + m.name() + ".ko", 0644, m.image());
            order.append(m.name()).append('\n');
        }
        cpio.file("lib/modules/" + list, 0644, order.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** /etc/kexkit/capture.conf: the shell variables /init reads, single-quoted. */
    String settings() {
        return "TARGET_SPEC=" + quote(target.map(TargetMount::spec).orElse("")) + "\n"
                + "TARGET_FSTYPE=" + quote(target.map(TargetMount::fsType).orElse("")) + "\n"
                + "FAILURE_ACTION=" + quote(failureAction) + "\n"
                + "RUNTIME_SPEC=" + quote(runtimeDisk.map(r -> r.filesystem().spec()).orElse("")) + "\n"
                + "RUNTIME_FSTYPE=" + quote(runtimeDisk.map(r -> r.filesystem().fsType()).orElse("")) + "\n"
                + (network.isPresent() ? "NETWORK='dhcp'\n" : "");
    }

    private static String quote(String v) {
        return "'" + v.replace("'", "'\\''") + "'";
    }

    /** The tree's ELF files, whose libraries the image needs. */
    public static List<Path> elfFiles(Path tree) throws IOException {
        List<Path> elves = new ArrayList<>();
        try (Stream<Path> s = Files.walk(tree)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                try (InputStream in = Files.newInputStream(p)) {
                    if (ElfLinkage.isElf(in.readNBytes(64))) {
                        elves.add(p);
                    }
                }
            }
        }
        return elves;
    }

    /** The file names in the tree (the libraries it brings itself). */
    public static java.util.Set<String> fileNames(Path tree) throws IOException {
        try (Stream<Path> s = Files.walk(tree)) {
            return s.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
        }
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = CaptureImage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return in.readAllBytes();
        }
    }
}
