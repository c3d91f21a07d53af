package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kexkit.qemu.run.HostCommand;

/**
 * {@code kexkit qemu-test} as a user runs it: the built runtime tree's launcher on the 6.1 cloud kernel and its
 * module tree, one boot (first kernel, load, panic, capture), --json. It must exit 0 with the dump verified by
 * kexkit's reader (release, marker, panic); the kept crash directory's dump must then also satisfy drgn in the sid
 * root (release, marker, tasks), which the host's python3 lacks.
 */
@Tag("qemu")
class QemuTestCliTest {
    @Test
    void panicTestsTheCloudKernel() throws IOException {
        QemuFixture qemu = QemuFixture.prepare();
        GuestKernel kernel = qemu.kernels.byLabel("6.1");
        Path keep = qemu.setup.cache().freshRunDir("qemu-test-6.1");
        Path launcher = qemu.setup.runtime().tree().resolve("bin/kexkit");
        long start = System.nanoTime();
        HostCommand.Result r = HostCommand.of(launcher.toString(), "qemu-test", "--kernel", kernel.vmlinuz().toString(),
                "--modules", kernel.modules().toString(), "--busybox", qemu.setup.busybox().toString(), "--keep",
                keep.toString(), "--json").timeout(1200).run();
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(0, r.exitCode(), "qemu-test failed: " + r.stderr() + r.stdout());
        String json = r.stdout();
        assertTrue(json.contains("\"release\":\"" + kernel.release() + "\""), json);
        assertTrue(json.contains("\"verified\":true") && json.contains("\"failure\":null"), json);
        for (String what : new String[] {"release", "marker in dmesg", "panic in dmesg"}) {
            assertTrue(json.contains("{\"reader\":\"kexkit\",\"what\":\"" + what + "\",\"ok\":true"), what + ": " + json);
        }
        String marker = field(json, "\"detail\":\"(KEXKIT-QEMU-TEST-[0-9a-f-]+)\"");
        Path crash = keep.resolve("boot-256M/disk/crash");
        Path dir = CrashDirectories.only(crash);
        CrashDirectories.filesAndLog(dir, marker);
        Path work = qemu.setup.sid().workDir("qemu-test-6.1");
        Path dump = work.resolve("dump");
        Files.copy(dir.resolve("dump"), dump, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Map<String, String> seen = CrashDirectories.drgnReads(qemu.setup.sid(), dump, kernel, marker);
        System.out.printf("kexkit qemu-test on %s: %.0f s in all; boot %s s, load %s s, panic to dump written %s s, dump %s"
                + " bytes; drgn read %s tasks%n", kernel.release(), seconds, field(json, "\"boot_seconds\":([0-9.]+)"),
                field(json, "\"load_seconds\":([0-9.]+)"), field(json, "\"panic_to_dump_seconds\":([0-9.]+)"),
                field(json, "\"dump_bytes\":([0-9]+)"), seen.get("tasks"));
        DebianKernels.deleteTree(work);
        DebianKernels.deleteTree(keep);
    }

    private static String field(String json, String regex) {
        Matcher m = Pattern.compile(regex).matcher(json);
        assertTrue(m.find(), regex + " in " + json);
        return m.group(1);
    }
}
