package org.kexkit.qemu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.kexkit.qemu.run.Ext4Image;
import org.kexkit.qemu.run.SerialLog;

/**
 * The kdump service's own capture environment under a real crash: in the first kernel {@code kexkit kdump setup}
 * builds the initramfs from the guest's module tree (on the boot disk), busybox and the kexkit tree, and
 * {@code kexkit kdump load} loads it; the guest panics and the capture kernel boots that image, nothing of the
 * harness: its /init mounts the data disk (label kexkit-dump), runs {@code kexkit kdump capture} into /crash and
 * powers off. With {@code capture_runtime disk} the kexkit tree the image runs is a copy on the boot disk (its
 * mtimes kept, so the class archive holds), mounted read-only by that /init.
 */
public final class KdumpSetupCapture {
    /** kdump.conf's capture_runtime. */
    public enum Runtime {
        IMAGE, DISK;

        String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * What a run left.
     *
     * @param crashDir   the crash directory copied off the data disk (inside the sid root, for drgn), if the capture wrote one
     * @param setupLine  what setup printed first ("kdump setup: wrote ...")
     * @param setupSeconds guest seconds of kexkit kdump setup
     * @param loadSeconds guest seconds of kexkit kdump load
     * @param panicToEnd seconds from the panic to the capture's last line (after the capture: ACTION), NaN if never
     * @param end        that last line, or the console's tail when it never came
     */
    public record Report(String crashkernel, Runtime runtime, Optional<Path> crashDir, String marker, String setupLine,
            double setupSeconds, double loadSeconds, double panicToEnd, String end, GuestRun.Result run) {
        public boolean captured() {
            return crashDir.isPresent() && end.contains("after the capture: poweroff");
        }
    }

    private final PanicCapture.Setup setup;

    public KdumpSetupCapture(PanicCapture.Setup setup) {
        this.setup = setup;
    }

    /** One boot; the steps up to the load must work, what the capture did is reported. */
    public Report run(GuestKernel kernel, Runtime runtime, String crashkernel) {
        String marker = "KEXKIT-MARKER-" + UUID.randomUUID();
        String name = "kdump-setup-" + runtime.word() + "-" + crashkernel + "-" + kernel.label();
        Map<String, Path> disk = new java.util.HashMap<>(Map.of("modules/" + kernel.release(), kernel.modules()));
        if (runtime == Runtime.DISK) {
            disk.put("kexkit", setup.runtime().tree());
        }
        GuestRun.Result run = new GuestRun(setup, PanicCapture.Options.defaults().withCrashkernel(crashkernel))
                .withBootDisk(disk)
                .boot(kernel, name, "scenario-kdump-setup.sh", Map.of("MARKER", marker, "RELEASE", kernel.release(),
                        "CAPTURE_RUNTIME", runtime.word()), Map.of(), List.of());
        SerialLog.Line setupStep = run.needSuccess("KEXKIT-GUEST: kdump-setup", "kexkit kdump setup");
        SerialLog.Line load = run.needSuccess("KEXKIT-GUEST: kdump-load", "kexkit kdump load");
        SerialLog.Line wrote = run.need("kdump setup: wrote");
        SerialLog.Line panic = run.need(PanicCapture.SYSRQ_CRASH);
        Optional<SerialLog.Line> after = run.log().find("kexkit-capture: after the capture:", 0);
        Optional<Path> crashDir = Optional.empty();
        if (Ext4Image.contains(run.dumpDisk(), "/crash")) {
            Path work = setup.sid().workDir(name);
            DebianKernels.deleteTree(work);
            Ext4Image.extractTree(run.dumpDisk(), "/crash", work);
            crashDir = only(work.resolve("crash"));
        }
        return new Report(crashkernel, runtime, crashDir, marker, wrote.text().strip(), GuestRun.span(setupStep),
                GuestRun.span(load), after.map(l -> l.seconds() - panic.seconds()).orElse(Double.NaN),
                after.map(l -> l.text().strip()).orElse(run.log().tail(3)), run);
    }

    private static Optional<Path> only(Path crash) {
        try (Stream<Path> s = Files.list(crash)) {
            List<Path> dirs = s.toList();
            return dirs.size() == 1 ? Optional.of(dirs.get(0)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
