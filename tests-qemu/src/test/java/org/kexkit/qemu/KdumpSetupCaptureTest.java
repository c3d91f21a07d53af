package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void setupsImageCapturesAPanic() throws IOException {
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
}
