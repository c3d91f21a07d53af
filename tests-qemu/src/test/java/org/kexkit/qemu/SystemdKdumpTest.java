package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kexkit.qemu.run.Ext4Image;
import org.kexkit.qemu.run.HostCommand;
import org.kexkit.qemu.run.Qemu;
import org.kexkit.qemu.run.QemuRunException;
import org.kexkit.qemu.run.SerialLog;

/**
 * The kdump service as a user runs it: a Debian bookworm guest with systemd on an ext4 root disk, the
 * kexkit .deb the build just made installed by dpkg, crashkernel= from kdump estimate's measurements of the kernel
 * ({@link EstimatedCrashkernel}: 240M for this 1 GiB, 2-CPU guest) on the command line and a kdump.conf
 * whose target is /var/crash on the root disk, final_action reboot. Boot 1: kexkit-kdump.service builds the
 * capture environment (kdump setup --if-stale) and loads it; a test-only unit checks kdump status and
 * crashes the machine. The capture kernel boots setup's image, writes the crash directory on the root disk
 * and reboots. Boot 2: the test unit writes status --json and the kdump unit's journal of both boots; then, as
 * a user moving the dumps to another host, it switches kdump.conf to {@code ssh USER@10.0.2.2:DIR} (an sshd the
 * test runs on the host's loopback, reached through QEMU's user-mode network; the ssh client, key and known_hosts
 * line installed in the image), restarts the unit (setup rebuilds, load) and crashes again; the capture streams
 * the dump to the host and reboots. Boot 3: status --json reads the ssh target, and the guest powers off. On the
 * host: the crash directory read from the image with debugfs, each file 0600, drgn reads the dump's tasks and the
 * marker in its log, status reports the dump ok, the journal shows the load; the same for the dump that arrived
 * over ssh (rebuilt from dump.flat by kexkit makedumpfile -R).
 */
@Tag("qemu")
class SystemdKdumpTest {
    private static final String NAME = "systemd-kdump";
    private static final int MEMORY_MIB = 1024;
    private static final int CPUS = 2;
    private static final String KDUMP_CONF = "target /var/crash\nfinal_action reboot\nfailure_action reboot\n";

    @Test
    void theServiceLoadsAtBootCapturesAPanicAndReportsItAfterTheReboot() throws IOException {
        QemuFixture qemu = QemuFixture.prepare();
        GuestKernel kernel = qemu.kernels.bookworm();
        Path deb = deb();
        long t0 = System.nanoTime();
        Path cachedRoot = SystemdRoot.ensure(qemu.setup.cache(), kernel, SystemdGuestImage.packagesFor(deb));
        double rootSeconds = (System.nanoTime() - t0) / 1e9;

        Path work = qemu.setup.cache().freshRunDir(NAME);
        String marker = "KEXKIT-MARKER-" + UUID.randomUUID();
        String markerSsh = "KEXKIT-MARKER-SSH-" + UUID.randomUUID();
        Path sshWork = qemu.setup.sid().workDir(NAME + "-ssh");
        DebianKernels.deleteTree(sshWork);
        sshWork = qemu.setup.sid().workDir(NAME + "-ssh");
        Path remote = sshWork.resolve("crash");
        long t1 = System.nanoTime();
        List<Path> sshDebs = SystemdGuestImage.missingDebs(qemu.setup.cache(), cachedRoot, SystemdGuestImage.SSH_PACKAGES);
        try (SshServer server = SshServer.start(sshWork.resolve("sshd"))) {
            String sshConf = "target ssh " + server.user() + "@" + SshServer.GUEST_HOST + ":" + remote + "\nssh_key "
                    + SystemdGuestImage.SSH_KEY + "\nssh_port " + server.port() + "\nfinal_action reboot\nfailure_action reboot\n";
            SystemdGuestImage.SshLeg ssh = new SystemdGuestImage.SshLeg(sshConf, markerSsh, sshDebs, server.clientKey(),
                    server.knownHosts());
            run(qemu, kernel, deb, cachedRoot, work, marker, ssh, remote, rootSeconds, t1, server);
        }
        DebianKernels.deleteTree(sshWork);
    }

    private static void run(QemuFixture qemu, GuestKernel kernel, Path deb, Path cachedRoot, Path work, String marker,
            SystemdGuestImage.SshLeg ssh, Path remote, double rootSeconds, long t1, SshServer server) throws IOException {
        Path rootImg = work.resolve("root.img");
        long rootBytes = SystemdGuestImage.write(rootImg, cachedRoot, deb, KDUMP_CONF, marker, java.util.Optional.of(ssh));
        Path initrd = work.resolve("initrd.img");
        SystemdBootInitramfs.write(initrd, qemu.setup.busybox(), kernel);
        double imageSeconds = (System.nanoTime() - t1) / 1e9;
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(rootImg)));

        // kdump estimate's measurements of this kernel and capture environment (capture_runtime image), its rule
        // applied to this guest's memory and CPUs; CI takes the recorded measurement, it does not measure
        EstimatedCrashkernel.Choice crashkernel = EstimatedCrashkernel.forGuest(qemu.setup, kernel, "image", MEMORY_MIB, CPUS);
        System.out.println(NAME + ": crashkernel=" + crashkernel.crashkernel() + " from " + crashkernel.source());
        String cmdline = "console=ttyS0 root=LABEL=" + SystemdRoot.LABEL + " crashkernel=" + crashkernel.crashkernel()
                + " panic=-1";
        Qemu.Machine machine = new Qemu.Machine(kernel.vmlinuz(), initrd, cmdline, MEMORY_MIB, CPUS,
                List.of(new Qemu.Disk(rootImg, false)));
        SerialLog log = new SerialLog(work.resolve("serial.log"), false);
        Progress.step(NAME + ": bookworm with systemd, " + kernel.release() + " in QEMU (console " + log.file() + ")",
                () -> Qemu.runRebooting(machine, log, 2700, List.of("-netdev", "user,id=net0", "-device",
                        "virtio-net-pci,netdev=net0")));
        GuestRun.Result run = new GuestRun.Result(work, log, rootImg, GuestRun.size(initrd));

        assertTrue(log.find("KDUMP NOT READY", 0).isEmpty(), "kdump was not ready after boot: " + log.tail(40));
        assertTrue(log.find("NO DUMP AFTER THE CRASH", 0).isEmpty(), "the capture wrote no dump: " + log.tail(40));
        SerialLog.Line boot1 = run.need("KEXKIT-SYSTEMD: boot 1: kdump service done");
        SerialLog.Line panic = run.need("sysrq: Trigger a crash");
        SerialLog.Line captured = run.need("kexkit-capture: after the capture: reboot");
        SerialLog.Line boot2 = run.need("KEXKIT-SYSTEMD: boot 2: reporting");
        SerialLog.Line reported2 = run.need("KEXKIT-SYSTEMD: boot 2: report written");
        SerialLog.Line panicSsh = run.need("KEXKIT-SYSTEMD: panicking again");
        SerialLog.Line capturedSsh = log.find("kexkit-capture: after the capture: reboot", 1).orElseThrow(() -> new AssertionError(
                "the ssh capture did not finish: " + log.tail(40) + "; sshd: " + HostCommand.lastLines(server.log(), 10)));
        SerialLog.Line boot3 = run.need("KEXKIT-SYSTEMD: boot 3: reporting the ssh dump");
        SerialLog.Line done = run.need("KEXKIT-SYSTEMD: report done");
        assertTrue(log.find(t -> t.contains("DUMP FAILED")).isEmpty(), "the capture failed: " + log.tail(40));
        // udev's coldplug at boot must not restart the unit while it builds and loads (the hotplug rule)
        assertTrue(log.lines().stream().noneMatch(l -> l.seconds() < panic.seconds() && l.text().contains("Stopped")
                && l.text().contains("kexkit-kdump")), "kexkit-kdump.service was restarted during boot 1");
        // the power-off after the report stops the unit: kexkit kdump unload
        assertTrue(log.lines().stream().anyMatch(l -> l.seconds() > done.seconds() && l.text().contains("OK")
                && l.text().contains("Stopped") && l.text().contains("kexkit-kdump")), "kexkit-kdump.service did not stop cleanly");
        assertEquals(3, log.lines().stream().filter(l -> l.text().contains("kexkit-boot: root")).count(),
                "the first kernel should boot three times: before the crash, after the capture to disk, after the one over ssh");
        assertTrue(log.find("kexkit-capture: network: ", 0).filter(l -> l.seconds() > panicSsh.seconds()).isPresent(),
                "no DHCP lease in the ssh capture: " + log.tail(40));

        Path crashWork = qemu.setup.sid().workDir(NAME);
        DebianKernels.deleteTree(crashWork);
        Files.createDirectories(crashWork);
        Ext4Image.extractTree(rootImg, "/var/crash", crashWork);
        Path dir = CrashDirectories.only(crashWork.resolve("crash"));
        assertTrue(dir.getFileName().toString().startsWith(SystemdRoot.HOSTNAME + "-"), dir.toString());
        CrashDirectories.filesAndLog(dir, marker);
        CrashDirectories.drgnReads(qemu.setup.sid(), dir.resolve("dump"), kernel, marker);

        Ext4Image.extractTree(rootImg, SystemdGuestImage.REPORT_DIR, work);
        Path report = work.resolve(Path.of(SystemdGuestImage.REPORT_DIR).getFileName().toString());
        String json = Files.readString(report.resolve("status.json"));
        assertEquals("0", Files.readString(report.resolve("status.rc")).strip(), "status after the reboot: " + json);
        assertTrue(Pattern.compile("\"last_dump\"\\s*:\\s*\\{[^}]*\"result\"\\s*:\\s*\"ok\"").matcher(json).find(), json);
        assertTrue(json.contains("/var/crash/" + dir.getFileName()), json);
        String udevd = Files.readString(report.resolve("journal-udevd.txt"));
        assertTrue(!udevd.contains("98-kexkit-kdump.rules"), "udevd complains about the rule: " + udevd);
        String journal1 = Files.readString(report.resolve("journal-boot1.txt"));
        assertTrue(journal1.contains("kdump setup: wrote /var/lib/kexkit/capture-" + kernel.release() + ".img"), journal1);
        assertTrue(journal1.contains("kdump: loaded /boot/vmlinuz-" + kernel.release()), journal1);
        String journal2 = Files.readString(report.resolve("journal-boot2.txt"));
        assertTrue(journal2.contains("is current") && journal2.contains("kept"), "boot 2 rebuilt the image: " + journal2);
        assertTrue(journal2.contains("kdump: loaded"), journal2);
        assertTrue(Pattern.compile("last dump\\s*:?\\s*/var/crash/" + Pattern.quote(dir.getFileName().toString()) + ": ok")
                .matcher(journal2).find(), journal2);

        // the ssh leg: boot 2 rebuilt the image for the new kdump.conf, the dump arrived on the host, boot 3 kept the
        // image and its status read the dump over ssh
        String journal2ssh = Files.readString(report.resolve("journal-boot2-ssh.txt"));
        assertTrue(journal2ssh.contains("kdump setup: wrote /var/lib/kexkit/capture-" + kernel.release() + ".img"), journal2ssh);
        Path sshDir = CrashDirectories.only(remote);
        assertTrue(sshDir.getFileName().toString().startsWith(SystemdRoot.HOSTNAME + "-"), sshDir.toString());
        for (String file : List.of("dmesg.txt", "dump.flat", "status")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sshDir.resolve(file))),
                    sshDir + "/" + file);
        }
        try (Stream<Path> files = Files.list(sshDir)) {
            assertEquals(List.of("dmesg.txt", "dump.flat", "status"), files.map(p -> p.getFileName().toString()).sorted()
                    .toList(), "no partial file left");
        }
        try (java.io.InputStream flat = Files.newInputStream(sshDir.resolve("dump.flat"))) {
            MakedumpfileOracle.kexkit(org.kexkit.cli.CliEnvironment.live().withStreams(() -> flat, () -> System.out),
                    "makedumpfile", "-R", sshDir.resolve("dump").toString());
        }
        CrashDirectories.filesAndLog(sshDir, ssh.marker());
        CrashDirectories.drgnReads(qemu.setup.sid(), sshDir.resolve("dump"), kernel, ssh.marker());
        String jsonSsh = Files.readString(report.resolve("status-ssh.json"));
        assertEquals("0", Files.readString(report.resolve("status-ssh.rc")).strip(), "status after the ssh capture: " + jsonSsh
                + Files.readString(report.resolve("status-ssh.err")));
        assertTrue(Pattern.compile("\"last_dump\"\\s*:\\s*\\{[^}]*\"result\"\\s*:\\s*\"ok\"").matcher(jsonSsh).find(), jsonSsh);
        assertTrue(jsonSsh.contains("@" + SshServer.GUEST_HOST + ":" + remote + "/" + sshDir.getFileName()), jsonSsh);
        String journal3 = Files.readString(report.resolve("journal-boot3.txt"));
        assertTrue(journal3.contains("is current") && journal3.contains("kept"), "boot 3 rebuilt the image: " + journal3);
        assertTrue(journal3.contains("kdump: loaded"), journal3);

        Files.writeString(work.resolve("timings.txt"), String.format(
                "root build (cached after the first run) %.1f s; this run's image %.1f s (root tree %d MB, image %d MB"
                        + " allocated of %d MB, boot initramfs %d KB); boot 1 until the kdump service was done %.1f s; panic to"
                        + " capture done %.1f s; from the capture's reboot to the report written %.1f s; the ssh leg (switch,"
                        + " restart, panic) %.1f s, its panic to capture done %.1f s, its reboot to the report done %.1f s;"
                        + " QEMU in all %.1f s; dump %d bytes, dump.flat %d bytes%n",
                rootSeconds, imageSeconds, rootBytes / 1_000_000, allocated(rootImg) / 1_000_000,
                Files.size(rootImg) / 1_000_000, Files.size(initrd) / 1000, boot1.seconds(), captured.seconds() - panic.seconds(),
                reported2.seconds() - captured.seconds(), panicSsh.seconds() - reported2.seconds(),
                capturedSsh.seconds() - panicSsh.seconds(), done.seconds() - capturedSsh.seconds(), done.seconds(),
                Files.size(dir.resolve("dump")), Files.size(sshDir.resolve("dump.flat"))));
        System.out.print(NAME + ": " + Files.readString(work.resolve("timings.txt")));
        System.out.println(NAME + ": boot 2 reported at " + boot2.seconds() + " s, boot 3 at " + boot3.seconds()
                + " s after QEMU started");
        run.discardImages();
        DebianKernels.deleteTree(crashWork);
    }

    /** The package the build made in packaging/target (the reactor builds it first: tests-qemu depends on it). */
    private static Path deb() throws IOException {
        Path repo = Path.of(System.getProperty("kexkit.repo", "..")).toAbsolutePath().normalize();
        Path target = repo.resolve("packaging/target");
        try (Stream<Path> s = Files.exists(target) ? Files.list(target) : Stream.empty()) {
            return s.filter(p -> p.getFileName().toString().matches("kexkit_.*_amd64\\.deb")).findFirst()
                    .orElseThrow(() -> new QemuRunException("no kexkit_*_amd64.deb in " + target
                            + ": build with -am (the packaging module makes it; it needs dpkg-deb)"));
        }
    }

    /** The bytes a sparse image really takes on the host. */
    private static long allocated(Path image) {
        return Long.parseLong(HostCommand.of("du", "-B1", image.toString()).output().split("\\s+")[0]);
    }
}
