package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** What every capture test asks of the crash directory {@code kexkit kdump capture} wrote. */
final class CrashDirectories {
    private CrashDirectories() {}

    /** The one crash directory under {@code target}, named HOST-YYYYMMDD-HHMMSS. */
    static Path only(Path target) throws IOException {
        try (Stream<Path> s = Files.list(target)) {
            List<Path> dirs = s.toList();
            assertEquals(1, dirs.size(), dirs.toString());
            assertTrue(dirs.get(0).getFileName().toString().matches("[A-Za-z0-9._-]+-\\d{8}-\\d{6}"), dirs.toString());
            return dirs.get(0);
        }
    }

    /** dmesg.txt, dump and status are 0600, the log holds the marker and the panic, the status says ok. */
    static void filesAndLog(Path dir, String marker) throws IOException {
        for (String file : List.of("dmesg.txt", "dump", "status")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(file))),
                    dir + "/" + file);
        }
        String dmesg = Files.readString(dir.resolve("dmesg.txt"));
        assertTrue(dmesg.contains(marker) && dmesg.contains("sysrq: Trigger a crash"), dir + "/dmesg.txt lacks the panic");
        assertTrue(Files.readString(dir.resolve("status")).startsWith("result=ok\n"), dir + "/status");
    }

    /** drgn reads the dump's release, the marker in its log and more than ten tasks; returns what it saw. */
    static Map<String, String> drgnReads(SidRoot sid, Path dump, GuestKernel kernel, String marker) {
        Map<String, String> seen = sid.drgn().inspect(dump, kernel.debugVmlinux(), marker);
        assertEquals(kernel.release(), seen.get("release"), seen.toString());
        assertEquals("True", seen.get("marker_in_log"), seen.toString());
        assertTrue(Integer.parseInt(seen.get("tasks")) > 10, seen.toString());
        return seen;
    }
}
