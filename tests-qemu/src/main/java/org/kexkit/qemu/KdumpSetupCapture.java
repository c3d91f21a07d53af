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
        return run(kernel, runtime, PanicCapture.Options.defaults(), crashkernel);
    }

    /** The same in a guest of other {@code options} (memory, CPUs); their crashkernel is replaced. */
    public Report run(GuestKernel kernel, Runtime runtime, PanicCapture.Options options, String crashkernel) {
        String memory = options.memoryMiB() == PanicCapture.Options.defaults().memoryMiB() ? ""
                : "-" + options.memoryMiB() + "m";
        String name = "kdump-setup-" + runtime.word() + "-" + crashkernel + memory + "-" + kernel.label();
        return run(kernel, runtime, options.withCrashkernel(crashkernel), name, Map.of(), Map.of(), Map.of(), Map.of(), work -> List.of(),
                work -> Ext4Image.contains(work.dumpDisk(), "/crash") ? extracted(name, work.dumpDisk()) : Optional.empty());
    }

    /**
     * The same with the ssh target: the guest gets a virtio NIC on QEMU's user-mode network, the host's ssh client, a
     * key and the known_hosts line of {@code server}, and kdump.conf names {@code ssh USER@10.0.2.2:REMOTE}; setup
     * brings the network into the image and the capture streams the flattened dump to {@code remote} on the host.
     * The crash directory is the one that arrived there (dump.flat, not yet rebuilt).
     */
    public Report runOverSsh(GuestKernel kernel, Runtime runtime, String crashkernel, SshServer server, Path remote) {
        String name = "kdump-setup-ssh-" + runtime.word() + "-" + crashkernel + "-" + kernel.label();
        String key = "/root/.ssh/kdump_id_ed25519";
        Map<String, String> config = Map.of("TARGET", "ssh " + server.user() + "@" + SshServer.GUEST_HOST + ":" + remote,
                "TARGET_EXTRA", "ssh_key " + key + "\nssh_port " + server.port(), "NET_GROUP", "net");
        return run(kernel, runtime, PanicCapture.Options.defaults().withCrashkernel(crashkernel), name, config, Map.of("bin/ssh", Path.of("/usr/bin/ssh")),
                Map.of(key.substring(1), server.clientKey(), "root/.ssh/known_hosts", server.knownHosts()),
                Map.of("net", List.of("virtio_net")),
                work -> List.of("-netdev", "user,id=net0", "-device", "virtio-net-pci,netdev=net0"),
                work -> Files.isDirectory(remote) ? only(remote) : Optional.empty());
    }

    private Report run(GuestKernel kernel, Runtime runtime, PanicCapture.Options options, String name, Map<String, String> extra,
            Map<String, Path> programs, Map<String, Path> files, Map<String, List<String>> moduleGroups,
            java.util.function.Function<Path, List<String>> qemuArgs,
            java.util.function.Function<GuestRun.Result, Optional<Path>> crashDirOf) {
        String marker = "KEXKIT-MARKER-" + UUID.randomUUID();
        Map<String, Path> disk = new java.util.HashMap<>(Map.of("modules/" + kernel.release(), kernel.modules()));
        if (runtime == Runtime.DISK) {
            disk.put("kexkit", setup.runtime().tree());
        }
        Map<String, String> config = new java.util.HashMap<>(Map.of("MARKER", marker, "RELEASE", kernel.release(),
                "CAPTURE_RUNTIME", runtime.word()));
        config.putAll(extra);
        GuestRun.Result run = new GuestRun(setup, options)
                .withBootDisk(disk)
                .boot(kernel, name, "scenario-kdump-setup.sh", config, programs, List.of(), files, moduleGroups, qemuArgs);
        SerialLog.Line setupStep = run.needSuccess("KEXKIT-GUEST: kdump-setup", "kexkit kdump setup");
        SerialLog.Line load = run.needSuccess("KEXKIT-GUEST: kdump-load", "kexkit kdump load");
        SerialLog.Line wrote = run.need("kdump setup: wrote");
        SerialLog.Line panic = run.need(PanicCapture.SYSRQ_CRASH);
        Optional<SerialLog.Line> after = run.log().find("kexkit-capture: after the capture:", 0);
        Optional<Path> crashDir = crashDirOf.apply(run);
        return new Report(options.crashkernel(), runtime, crashDir, marker, wrote.text().strip(), GuestRun.span(setupStep),
                GuestRun.span(load), after.map(l -> l.seconds() - panic.seconds()).orElse(Double.NaN),
                after.map(l -> l.text().strip()).orElse(run.log().tail(3)), run);
    }

    /** The crash directory on the data disk, copied into the sid root (for drgn). */
    private Optional<Path> extracted(String name, Path dumpDisk) {
        Path work = setup.sid().workDir(name);
        DebianKernels.deleteTree(work);
        Ext4Image.extractTree(dumpDisk, "/crash", work);
        return only(work.resolve("crash"));
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
