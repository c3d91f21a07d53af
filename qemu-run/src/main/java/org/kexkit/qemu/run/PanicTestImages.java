package org.kexkit.qemu.run;

import java.io.BufferedOutputStream;
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
import org.kexkit.capture.CaptureImage;
import org.kexkit.capture.CpioWriter;
import org.kexkit.capture.KernelModules;
import org.kexkit.capture.Lz4LegacyOutputStream;
import org.kexkit.capture.SharedLibraries;

/**
 * The two initramfs images of a panic test. The capture image is the one {@code kexkit kdump setup} builds
 * ({@link CaptureImage}: kexkit's capture /init, the runtime tree in the image, the disk and filesystem modules),
 * with a kdump.conf whose target is the test's dump disk by label and whose actions reboot (QEMU then ends). The first kernel's
 * image holds busybox, the same runtime tree, our /init, and the kernel and capture image to load.
 */
public final class PanicTestImages {
    /** The dump disk's filesystem label, which the capture's /init finds it by. */
    public static final String DUMP_LABEL = "kexkit-qemu-test";
    /** The directory on the dump disk the capture writes its crash directory into. */
    public static final String CRASH_DIR = "/crash";
    /** The label of the read-only disk holding the runtime tree at its root (capture_runtime disk). */
    public static final String RUNTIME_LABEL = "kexkit-qemu-rt";

    private final PanicTestPlan plan;

    public PanicTestImages(PanicTestPlan plan) {
        this.plan = plan;
    }

    /**
     * The kdump.conf the capture runs with: -d 31, zstd, reboot after a dump and after a failure (QEMU runs with
     * -no-reboot, so it ends; a power-off would only halt a kernel without ACPI, and QEMU would wait).
     */
    public static String kdumpConf() {
        return "target LABEL=" + DUMP_LABEL + ":" + CRASH_DIR + "\n"
                + "dump_level 31\n"
                + "compression zstd\n"
                + "final_action reboot\n"
                + "failure_action reboot\n";
    }

    /** The modules the capture loads, dependencies first; none when the kernel builds them in or has no module tree. */
    public List<KernelModules.Module> captureModules() {
        return plan.modules().map(dir -> new KernelModules(dir).withDependencies(PanicTestPlan.CAPTURE_DRIVERS))
                .orElse(List.of());
    }

    /** Writes the capture image (LZ4) and returns the modules it holds. */
    public List<KernelModules.Module> writeCapture(Path out) throws IOException {
        List<KernelModules.Module> modules = captureModules();
        Optional<CaptureImage.RuntimeDisk> runtimeDisk = plan.runtimeOnDisk() ? Optional.of(new CaptureImage.RuntimeDisk(
                new CaptureImage.TargetMount("LABEL=" + RUNTIME_LABEL, "ext4"), "/")) : Optional.empty();
        CaptureImage image = new CaptureImage(plan.busybox(), plan.tree(), runtimeDisk, modules,
                Map.of("etc/kexkit/kdump.conf", kdumpConf().getBytes(StandardCharsets.UTF_8)),
                Optional.of(new CaptureImage.TargetMount("LABEL=" + DUMP_LABEL, "ext4")), Optional.empty(), "reboot", true);
        Ext4Image.privateFile(out);
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
            image.write(o, libraries());
        }
        return modules;
    }

    /** The runtime disk (capture_runtime disk): the tree at its root, mtimes kept (the class archive checks them). */
    public void writeRuntimeDisk(Path out) throws IOException {
        long bytes;
        try (var files = Files.walk(plan.tree())) {
            bytes = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
        Ext4Image.create(out, (int) (64 + bytes * 3 / 2 / 1048576), plan.tree(), RUNTIME_LABEL);
    }

    /**
     * Writes the first kernel's image: /init loads {@code /boot/vmlinuz} with {@code /boot/capture.img} as the
     * capture kernel, writes the marker to the kernel log and panics.
     */
    public void writeFirst(Path out, Path captureImage, String marker, String captureCmdline) throws IOException {
        Ext4Image.privateFile(out);
        try (CpioWriter cpio = new CpioWriter(new Lz4LegacyOutputStream(new BufferedOutputStream(Files.newOutputStream(out),
                1 << 20)))) {
            for (String d : List.of("bin", "boot", "dev", "proc", "sys", "tmp", "root", "etc", "etc/kexkit", "lib", "lib64",
                    "lib/x86_64-linux-gnu", "usr", "usr/lib")) {
                cpio.directory(d, d.equals("tmp") ? 01777 : 0755);
            }
            cpio.charDevice("dev/console", 0600, 5, 1);
            cpio.file("init", 0755, resource("panic-test-init.sh"));
            cpio.file("bin/busybox", 0755, Files.readAllBytes(plan.busybox()));
            cpio.file("etc/kexkit/panic-test.conf", 0644, ("MARKER='" + marker + "'\nCAPTURE_CMDLINE='" + captureCmdline
                    + "'\n").getBytes(StandardCharsets.UTF_8));
            cpio.file("boot/vmlinuz", 0644, Files.readAllBytes(plan.kernel()));
            cpio.file("boot/capture.img", 0600, Files.readAllBytes(captureImage));
            for (var lib : libraries().entrySet()) {
                CaptureImage.addLibrary(cpio, lib.getKey(), lib.getValue());
            }
            cpio.tree(plan.tree(), CaptureImage.TREE);
        }
    }

    private TreeMap<String, Path> libraries() throws IOException {
        List<Path> elves = new ArrayList<>(CaptureImage.elfFiles(plan.tree()));
        elves.add(plan.busybox());
        return new SharedLibraries(Path.of("/")).of(elves, CaptureImage.fileNames(plan.tree()));
    }

    /** The capture kernel's command line: kdump load's defaults for a machine without root=. */
    public static String captureCmdline() {
        return "console=ttyS0 irqpoll nr_cpus=1 reset_devices rootfstype=ramfs panic=-1";
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = PanicTestImages.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return in.readAllBytes();
        }
    }
}
