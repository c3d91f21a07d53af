package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.kexkit.cli.CliEnvironment;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The capture environment kexkit builds, proven by a crash (see {@link KdumpSetupCapture}): the capture kernel boots
 * the image {@code kexkit kdump setup} made in the first 6.1 kernel, with {@code capture_runtime disk} (the image
 * holds no kexkit tree; its /init mounts the disk holding one read-only). The crash directory must hold dmesg.txt
 * with the panic, a dump drgn reads with the marker in its log, and status ok, each 0600. The default,
 * {@code capture_runtime image}, is what the systemd guest's test captures with.
 */
@Tag("qemu")
class KdumpSetupCaptureTest {
    @Test
    void setupsImageCapturesAPanic() throws Exception {
        QemuFixture qemu = QemuFixture.prepare();
        GuestKernel kernel = qemu.kernels.byLabel("6.1");
        KdumpSetupCapture.Report r = new KdumpSetupCapture(qemu.setup).run(kernel, KdumpSetupCapture.Runtime.DISK, "256M");
        GuestRun.Result run = r.run();
        assertTrue(run.log().find("KEXKIT-GUEST: the harness image", 0).isEmpty(), "the capture booted the harness's image");
        assertTrue(run.log().find(t -> t.contains("insmod") && t.contains("failed")).isEmpty(),
                "a module of the image failed to load: " + run.log().tail(40));
        assertTrue(run.log().find("  runtime: UUID=", 0).filter(l -> l.text().contains(":/kexkit (ext4 on vda")).isPresent(),
                "setup did not take the runtime from the boot disk: " + run.log().tail(40));
        assertTrue(r.captured(), "the capture did not finish: " + r.end());
        Path dir = r.crashDir().orElseThrow();
        CrashDirectories.filesAndLog(dir, r.marker());
        CrashDirectories.drgnReads(qemu.setup.sid(), dir.resolve("dump"), kernel, r.marker());
        System.out.printf("kdump setup in the guest: %.1f s (%s); kdump load %.1f s; panic to poweroff after the capture"
                + " %.1f s; dump %d bytes%n", r.setupSeconds(), r.setupLine(), r.loadSeconds(), r.panicToEnd(),
                Files.size(dir.resolve("dump")));
        run.discardImages();
        DebianKernels.deleteTree(dir.getParent().getParent());
    }

    /**
     * The ssh target, end to end: the same 6.1 guest with a virtio NIC on QEMU's user-mode network, kdump.conf naming
     * an sshd the test runs on the host's loopback (reached as 10.0.2.2). Setup brings the NIC's driver, the ssh client,
     * the key and the known host key into the image; the capture's /init gets a DHCP lease and streams dmesg.txt and
     * the flattened dump through ssh. On the host: dump.flat arrived (0600, as dmesg.txt and status), kexkit
     * makedumpfile -R rebuilds it, and drgn reads that dump's tasks and log.
     */
    @Test
    void setupsImageCapturesAPanicOverSsh() throws Exception {
        QemuFixture qemu = QemuFixture.prepare();
        GuestKernel kernel = qemu.kernels.byLabel("6.1");
        Path work = qemu.setup.sid().workDir("kdump-setup-ssh-host");
        DebianKernels.deleteTree(work);
        work = qemu.setup.sid().workDir("kdump-setup-ssh-host");
        Path remote = work.resolve("crash");
        KdumpSetupCapture.Report r;
        String sshdLog;
        try (SshServer server = SshServer.start(work.resolve("sshd"))) {
            r = new KdumpSetupCapture(qemu.setup).runOverSsh(kernel, KdumpSetupCapture.Runtime.DISK, "256M", server,
                    remote);
            sshdLog = server.log();
        }
        GuestRun.Result run = r.run();
        assertTrue(run.log().find("  target:  ssh ", 0).filter(l -> l.text().contains("@10.0.2.2:" + remote)).isPresent(),
                "setup did not take the ssh target: " + run.log().tail(40));
        assertTrue(run.log().find("kexkit-capture: network: ", 0).isPresent(), "no DHCP lease in the capture: "
                + run.log().tail(40));
        assertTrue(r.captured(), "the capture did not finish: " + r.end() + "; sshd: " + org.kexkit.qemu.run.HostCommand.lastLines(sshdLog, 10));
        Path dir = r.crashDir().orElseThrow();
        for (String file : List.of("dmesg.txt", "dump.flat", "status")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(file))),
                    dir + "/" + file);
        }
        assertEquals(List.of("dmesg.txt", "dump.flat", "status"), Files.list(dir).map(p -> p.getFileName().toString())
                .sorted().toList(), "no partial file left");
        try (InputStream flat = Files.newInputStream(dir.resolve("dump.flat"))) {
            MakedumpfileOracle.kexkit(CliEnvironment.live().withStreams(() -> flat, () -> System.out), "makedumpfile",
                    "-R", dir.resolve("dump").toString());
        }
        CrashDirectories.filesAndLog(dir, r.marker());
        CrashDirectories.drgnReads(qemu.setup.sid(), dir.resolve("dump"), kernel, r.marker());
        System.out.printf("kdump setup (ssh target) in the guest: %.1f s (%s); kdump load %.1f s; panic to poweroff after"
                + " the capture %.1f s; dump.flat %d bytes, rebuilt %d bytes%n", r.setupSeconds(), r.setupLine(),
                r.loadSeconds(), r.panicToEnd(), Files.size(dir.resolve("dump.flat")), Files.size(dir.resolve("dump")));
        run.discardImages();
        DebianKernels.deleteTree(work);
    }
}
