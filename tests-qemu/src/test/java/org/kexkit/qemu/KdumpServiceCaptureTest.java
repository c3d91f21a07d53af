package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kexkit.qemu.MakedumpfileOracle.kexkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * kexkit kdump capture on a real crash: the saved /proc/vmcore of the 6.1 guest's sysrq panic (the panic-capture
 * boot, reused: no boot of its own) captured with a kdump.conf whose target is a directory of a system tree; then
 * dmesg.txt must hold the panic, drgn must read the dump's release, tasks and log (the marker the guest wrote), and
 * kexkit kdump status --sysroot must report the capture from its status record.
 */
@Tag("qemu")
class KdumpServiceCaptureTest {
    @Test
    void captureWritesWhatDrgnAndStatusRead() throws IOException {
        MakedumpfileOracle oracle = MakedumpfileOracle.open("6.1", "kdump-service", 600);
        Path vmcore = oracle.vmcore();
        String marker = Files.readString(vmcore.resolveSibling("marker")).strip();
        Path root = oracle.work.resolve("root");
        DebianKernels.deleteTree(root);
        Files.createDirectories(root.resolve("etc/kexkit"));
        Files.createDirectories(root.resolve("proc/sys/kernel"));
        Files.writeString(root.resolve("proc/sys/kernel/osrelease"), oracle.saved.kernel().release() + "\n");
        Files.writeString(root.resolve("etc/kexkit/kdump.conf"), "target /var/crash\ndump_level 31\ncompression zstd\n"
                + "final_action poweroff\nkeep 1\n");

        MakedumpfileOracle.KexkitRun capture = kexkit("kdump", "capture", "--sysroot", root.toString(), "--vmcore",
                vmcore.toString());
        System.out.printf("kexkit kdump capture (-d 31 -z): %.2f s%n", capture.seconds());
        List<String> out = capture.out().lines().toList();
        assertEquals("action: poweroff", out.get(out.size() - 1), capture.out());

        Path dir;
        try (Stream<Path> s = Files.list(root.resolve("var/crash"))) {
            dir = s.findFirst().orElseThrow();
        }
        assertTrue(dir.getFileName().toString().matches("[A-Za-z0-9._-]+-\\d{8}-\\d{6}"), dir.toString());
        for (String file : List.of("dmesg.txt", "dump", "status")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(file))), file);
        }
        String dmesg = Files.readString(dir.resolve("dmesg.txt"));
        assertTrue(dmesg.contains(marker) && dmesg.contains("sysrq: Trigger a crash"), "dmesg.txt lacks the panic");

        Map<String, String> seen = new DrgnCheck(oracle.sid).inspect(dir.resolve("dump"), oracle.saved.kernel()
                .debugVmlinux(), marker);
        assertEquals(oracle.saved.kernel().release(), seen.get("release"), seen.toString());
        assertEquals("swapper/0", seen.get("init_task_comm"), seen.toString());
        assertEquals("True", seen.get("marker_in_log"), seen.toString());
        assertTrue(Integer.parseInt(seen.get("tasks")) > 10, seen.toString());

        // not ready (nothing is loaded in a recorded tree: exit 3), but the last capture is reported
        java.io.StringWriter status = new java.io.StringWriter();
        int code = org.kexkit.cli.Main.run(org.kexkit.cli.CliEnvironment.live(), new java.io.PrintWriter(status),
                new java.io.PrintWriter(new java.io.StringWriter()), "kdump", "status", "--json", "--sysroot",
                root.toString());
        assertEquals(3, code, status.toString());
        assertTrue(status.toString().contains("\"last_dump\":{\"directory\":\"" + dir + "\",\"result\":\"ok\""), status.toString());
        oracle.discardWork();
    }
}
