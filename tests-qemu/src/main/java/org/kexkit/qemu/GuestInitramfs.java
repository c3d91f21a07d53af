package org.kexkit.qemu;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.kexkit.capture.CaptureImage;
import org.kexkit.capture.CpioWriter;
import org.kexkit.capture.KernelModules;
import org.kexkit.capture.Lz4LegacyOutputStream;
import org.kexkit.capture.SharedLibraries;
import org.kexkit.qemu.run.QemuRunException;

/**
 * Builds the test guest's initramfs: busybox, the kexkit tree (launcher, jars, jlink'd runtime and
 * class archive, as the product's build makes it) at /opt/kexkit with the host libraries it needs,
 * the kernel modules the guest needs, /init and one scenario script, compressed as LZ4 legacy. Both
 * the first kernel and the capture kernel boot it.
 */
public final class GuestInitramfs {
    /** Drivers for the virtio disks; ext4 is built into Debian's kernels. */
    static final List<String> MODULES = List.of("virtio_pci", "virtio_blk");

    private final Path busybox;
    private final GuestJavaRuntime runtime;
    private final Map<String, Path> hostPrograms;
    private final List<Path> libraryDirs;
    private final Map<String, Path> files;
    private final boolean gzip;
    private final Map<String, List<String>> moduleGroups;

    public GuestInitramfs(Path busybox, GuestJavaRuntime runtime) {
        this(busybox, runtime, Map.of(), List.of(), Map.of(), false, Map.of());
    }

    private GuestInitramfs(Path busybox, GuestJavaRuntime runtime, Map<String, Path> hostPrograms,
            List<Path> libraryDirs, Map<String, Path> files, boolean gzip, Map<String, List<String>> moduleGroups) {
        this.busybox = busybox;
        this.runtime = runtime;
        this.hostPrograms = Map.copyOf(hostPrograms);
        this.libraryDirs = List.copyOf(libraryDirs);
        this.files = Map.copyOf(files);
        this.gzip = gzip;
        this.moduleGroups = new java.util.LinkedHashMap<>(moduleGroups);
    }

    /** The same image compressed with gzip, for kernels built with RD_GZIP only (the KHO test kernel). */
    public GuestInitramfs gzipped() {
        return new GuestInitramfs(busybox, runtime, hostPrograms, libraryDirs, files, true, moduleGroups);
    }

    /**
     * The same image plus modules that /init does not load: each group (name -> modules, in the
     * order given) with the dependencies not loaded before, listed in lib/modules/group-NAME in load
     * order, for the scenario to insmod when it wants (guest-init.sh load_group).
     */
    public GuestInitramfs withModuleGroups(Map<String, List<String>> groups) {
        return new GuestInitramfs(busybox, runtime, hostPrograms, libraryDirs, files, gzip, groups);
    }

    /**
     * The same image plus dynamically linked programs (guest path -> host file) and their
     * libraries, looked up in the host's directories and in {@code libraryDirs}.
     */
    public GuestInitramfs withPrograms(Map<String, Path> programs, List<Path> libraryDirs) {
        return new GuestInitramfs(busybox, runtime, programs, libraryDirs, files, gzip, moduleGroups);
    }

    /**
     * The same image plus files copied as they are (guest path -> host file, executable), with
     * their directories: for a foreign program that brings its own loader and libraries.
     */
    public GuestInitramfs withFiles(Map<String, Path> extra) {
        return new GuestInitramfs(busybox, runtime, hostPrograms, libraryDirs, extra, gzip, moduleGroups);
    }

    /**
     * Writes the initramfs.
     *
     * @param scenario resource name of the scenario script (sourced by /init)
     * @param config shell variables for /etc/kexkit/guest.conf
     */
    public void write(Path out, GuestKernel kernel, String scenario, Map<String, String> config) {
        // A kernel without a module tree (the KHO test kernel) has its drivers built in.
        List<KernelModules.Module> modules = kernel.modules() == null ? List.of()
                : new KernelModules(kernel.modules()).withDependencies(MODULES);
        try (CpioWriter cpio = new CpioWriter(compressed(new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)))) {
            for (String d : List.of("bin", "dev", "proc", "sys", "tmp", "root", "etc", "etc/kexkit", "lib", "lib64",
                    "lib/x86_64-linux-gnu", "lib/modules", "opt")) {
                cpio.directory(d, d.equals("tmp") ? 01777 : 0755);
            }
            cpio.charDevice("dev/console", 0600, 5, 1);
            cpio.file("init", 0755, resource("guest-init.sh"));
            cpio.file("etc/kexkit/scenario.sh", 0644, resource(scenario));
            cpio.file("etc/kexkit/guest.conf", 0644, shellAssignments(config).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            cpio.file("bin/busybox", 0755, Files.readAllBytes(busybox));
            // the guest's environment for the tree's launcher, found first on PATH
            cpio.file("bin/kexkit", 0755, resource("guest-kexkit.sh"));
            java.util.Set<Path> libs = new java.util.TreeSet<>(runtime.sharedLibraries());
            if (!hostPrograms.isEmpty()) {
                libs.addAll(new SharedLibraries(Path.of("/"), libraryDirs).of(hostPrograms.values(), java.util.Set.of()).values());
            }
            for (var program : new java.util.TreeMap<>(hostPrograms).entrySet()) {
                cpio.file(program.getKey(), 0755, Files.readAllBytes(program.getValue()));
            }
            for (Path lib : libs) {
                CaptureImage.addLibrary(cpio, lib.getFileName().toString(), lib);
            }
            cpio.tree(runtime.tree(), "opt/kexkit");
            addFiles(cpio);
            CaptureImage.addModules(cpio, modules, CaptureImage.LOAD_ORDER);
            java.util.Set<String> written = new java.util.HashSet<>();
            modules.forEach(m -> written.add(m.name()));
            for (var group : moduleGroups.entrySet()) {
                // each module once in the image: a group lists only those not loaded before it
                List<KernelModules.Module> fresh = new KernelModules(kernel.modules()).withDependencies(group.getValue())
                        .stream().filter(m -> written.add(m.name())).toList();
                CaptureImage.addModules(cpio, fresh, "group-" + group.getKey());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write initramfs " + out, e);
        }
    }

    private void addFiles(CpioWriter cpio) throws IOException {
        java.util.Set<String> dirs = new java.util.TreeSet<>();
        for (String name : files.keySet()) {
            for (Path d = Path.of(name).getParent(); d != null; d = d.getParent()) {
                dirs.add(d.toString());
            }
        }
        for (String d : dirs) { // TreeSet order puts every parent before its children
            cpio.directory(d, 0755);
        }
        for (var f : new java.util.TreeMap<>(files).entrySet()) {
            cpio.file(f.getKey(), 0755, Files.readAllBytes(f.getValue()));
        }
    }

    private java.io.OutputStream compressed(java.io.OutputStream out) throws IOException {
        return gzip ? new java.util.zip.GZIPOutputStream(out, 1 << 16) : new Lz4LegacyOutputStream(out);
    }

    static String shellAssignments(Map<String, String> config) {
        StringBuilder sb = new StringBuilder();
        new java.util.TreeMap<>(config).forEach((k, v) -> {
            if (!k.matches("[A-Z_][A-Z0-9_]*")) {
                throw new IllegalArgumentException("not a shell variable name: " + k);
            }
            sb.append(k).append("='").append(v.replace("'", "'\\''")).append("'\n");
        });
        return sb.toString();
    }

    static byte[] resource(String name) {
        try (InputStream in = GuestInitramfs.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new QemuRunException("missing harness resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
