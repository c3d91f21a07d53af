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
 * kexkit .deb the build just made installed by dpkg, crashkernel=256M on the command line and a kdump.conf
 * whose target is /var/crash on the root disk, final_action reboot. Boot 1: kexkit-kdump.service builds the
 * capture environment (kdump setup --if-stale) and loads it; a test-only unit checks kdump status and
 * crashes the machine. The capture kernel boots setup's image, writes the crash directory on the root disk
 * and reboots. Boot 2: the test unit writes status --json and the kdump unit's journal of both boots, and
 * powers off. On the host: the crash directory read from the image with debugfs, each file 0600, drgn
 * reads the dump's tasks and the marker in its log, status reports the dump ok, the journal shows the load.
 */
@Tag("qemu")
class SystemdKdumpTest {
    private static final String NAME = "systemd-kdump";
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
        long t1 = System.nanoTime();
        Path rootImg = work.resolve("root.img");
        long rootBytes = SystemdGuestImage.write(rootImg, cachedRoot, deb, KDUMP_CONF, marker);
        Path initrd = work.resolve("initrd.img");
        SystemdBootInitramfs.write(initrd, qemu.setup.busybox(), kernel);
        double imageSeconds = (System.nanoTime() - t1) / 1e9;
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(rootImg)));

        String cmdline = "console=ttyS0 root=LABEL=" + SystemdRoot.LABEL + " crashkernel=256M panic=-1";
        Qemu.Machine machine = new Qemu.Machine(kernel.vmlinuz(), initrd, cmdline, 1024, 2,
                List.of(new Qemu.Disk(rootImg, false)));
        SerialLog log = new SerialLog(work.resolve("serial.log"), false);
        Progress.step(NAME + ": bookworm with systemd, " + kernel.release() + " in QEMU (console " + log.file() + ")",
                () -> Qemu.runRebooting(machine, log, 1500));
        GuestRun.Result run = new GuestRun.Result(work, log, rootImg, GuestRun.size(initrd));

        assertTrue(log.find("KDUMP NOT READY", 0).isEmpty(), "kdump was not ready after boot: " + log.tail(40));
        assertTrue(log.find("NO DUMP AFTER THE CRASH", 0).isEmpty(), "the capture wrote no dump: " + log.tail(40));
        SerialLog.Line boot1 = run.need("KEXKIT-SYSTEMD: boot 1: kdump service done");
        SerialLog.Line panic = run.need("sysrq: Trigger a crash");
        SerialLog.Line captured = run.need("kexkit-capture: after the capture: reboot");
        SerialLog.Line boot2 = run.need("KEXKIT-SYSTEMD: boot 2: reporting");
        SerialLog.Line done = run.need("KEXKIT-SYSTEMD: report done");
        assertTrue(log.find(t -> t.contains("DUMP FAILED")).isEmpty(), "the capture failed: " + log.tail(40));
        // udev's coldplug at boot must not restart the unit while it builds and loads (the hotplug rule)
        assertTrue(log.lines().stream().noneMatch(l -> l.seconds() < panic.seconds() && l.text().contains("Stopped")
                && l.text().contains("kexkit-kdump")), "kexkit-kdump.service was restarted during boot 1");
        // the power-off after the report stops the unit: kexkit kdump unload
        assertTrue(log.lines().stream().anyMatch(l -> l.seconds() > done.seconds() && l.text().contains("OK")
                && l.text().contains("Stopped") && l.text().contains("kexkit-kdump")), "kexkit-kdump.service did not stop cleanly");
        assertEquals(2, log.lines().stream().filter(l -> l.text().contains("kexkit-boot: root")).count(),
                "the first kernel should boot twice: before the crash and after the capture");

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

        Files.writeString(work.resolve("timings.txt"), String.format(
                "root build (cached after the first run) %.1f s; this run's image %.1f s (root tree %d MB, image %d MB"
                        + " allocated of %d MB, boot initramfs %d KB); boot 1 until the kdump service was done %.1f s; panic to"
                        + " capture done %.1f s; from the capture's reboot to the report done %.1f s; QEMU in all %.1f s;"
                        + " dump %d bytes%n",
                rootSeconds, imageSeconds, rootBytes / 1_000_000, allocated(rootImg) / 1_000_000,
                Files.size(rootImg) / 1_000_000, Files.size(initrd) / 1000, boot1.seconds(), captured.seconds() - panic.seconds(),
                done.seconds() - captured.seconds(), done.seconds(), Files.size(dir.resolve("dump"))));
        System.out.print(NAME + ": " + Files.readString(work.resolve("timings.txt")));
        System.out.println(NAME + ": boot 2 reported at " + boot2.seconds() + " s after QEMU started");
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
