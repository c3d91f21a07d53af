package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The capture environment kexkit builds, proven by a crash: in the first 6.1 kernel {@code kexkit kdump setup}
 * builds the initramfs from the guest's own module tree, busybox and the kexkit tree it runs from, and
 * {@code kexkit kdump load} loads it; after the panic the capture kernel boots that image, nothing of the harness:
 * its /init finds the data disk by label, loads the modules setup chose, runs {@code kexkit kdump capture} and
 * powers off. On the host the crash directory must hold dmesg.txt with the panic, a dump drgn reads with the
 * marker in its log, and status ok, each 0600.
 */
@Tag("qemu")
class KdumpSetupCaptureTest {
    @Test
    void setupsImageCapturesAPanic() throws IOException {
        QemuFixture qemu = QemuFixture.prepare();
        GuestKernel kernel = qemu.kernels.byLabel("6.1");
        String marker = "KEXKIT-MARKER-" + UUID.randomUUID();
        String name = "kdump-setup-" + kernel.label();
        GuestRun.Result run = new GuestRun(qemu.setup, PanicCapture.Options.defaults())
                .withBootDisk(Map.of("modules/" + kernel.release(), kernel.modules()))
                .boot(kernel, name, "scenario-kdump-setup.sh", Map.of("MARKER", marker, "RELEASE", kernel.release()),
                        Map.of(), List.of());
        SerialLog.Line setup = run.needSuccess("KEXKIT-GUEST: kdump-setup", "kexkit kdump setup");
        SerialLog.Line load = run.needSuccess("KEXKIT-GUEST: kdump-load", "kexkit kdump load");
        SerialLog.Line wrote = run.need("kdump setup: wrote");
        SerialLog.Line panic = run.need(PanicCapture.SYSRQ_CRASH);
        SerialLog.Line after = run.need("kexkit-capture: after the capture: poweroff");
        assertTrue(run.log().find("KEXKIT-GUEST: the harness image", 0).isEmpty(), "the capture booted the harness's image");
        assertTrue(run.log().find(t -> t.contains("insmod") && t.contains("failed")).isEmpty(),
                "a module of the image failed to load: " + run.log().tail(40));

        Path work = qemu.setup.sid().workDir(name);
        DebianKernels.deleteTree(work);
        Files.createDirectories(work);
        Ext4Image.extractTree(run.dumpDisk(), "/crash", work);
        Path dir = only(work.resolve("crash"));
        for (String file : List.of("dmesg.txt", "dump", "status")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(file))),
                    dir + "/" + file);
        }
        String dmesg = Files.readString(dir.resolve("dmesg.txt"));
        assertTrue(dmesg.contains(marker) && dmesg.contains("sysrq: Trigger a crash"), dir + "/dmesg.txt lacks the panic");
        assertTrue(Files.readString(dir.resolve("status")).startsWith("result=ok\n"), dir + "/status");
        Map<String, String> seen = new DrgnCheck(qemu.setup.sid()).inspect(dir.resolve("dump"), kernel.debugVmlinux(),
                marker);
        assertEquals(kernel.release(), seen.get("release"), seen.toString());
        assertEquals("True", seen.get("marker_in_log"), seen.toString());
        assertTrue(Integer.parseInt(seen.get("tasks")) > 10, seen.toString());
        System.out.printf("kdump setup in the guest: %.1f s (%s); kdump load %.1f s; panic to poweroff after the capture"
                + " %.1f s; dump %d bytes%n", GuestRun.span(setup), wrote.text().strip(), GuestRun.span(load),
                after.seconds() - panic.seconds(), Files.size(dir.resolve("dump")));
        run.discardImages();
        DebianKernels.deleteTree(work);
    }

    private static Path only(Path crash) throws IOException {
        try (Stream<Path> s = Files.list(crash)) {
            List<Path> dirs = s.toList();
            assertEquals(1, dirs.size(), dirs.toString());
            return dirs.get(0);
        }
    }
}
