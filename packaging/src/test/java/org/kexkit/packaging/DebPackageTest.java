package org.kexkit.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package the build made: its contents and control data as dpkg-deb reads them, and, unpacked into a directory
 * with dpkg -x, the installed kexkit runs. Runs in the package phase, after build-deb; skipped when no package was
 * made (plain mvn test, or no dpkg-deb).
 */
class DebPackageTest {
    static Path deb;

    @BeforeAll
    static void thePackage() {
        String given = System.getProperty("kexkit.deb");
        assumeTrue(given != null && Files.isRegularFile(Path.of(given)), "no package built (runs in mvn package)");
        deb = Path.of(given);
    }

    private static String run(Path dir, String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", argv) + ":\n" + out);
        return out;
    }

    @Test
    void holdsWhatAnInstallNeeds(@TempDir Path tmp) throws Exception {
        String contents = run(tmp, "dpkg-deb", "-c", deb.toString());
        for (String path : List.of("./usr/lib/kexkit/bin/kexkit", "./usr/bin/kexkit -> ../lib/kexkit/bin/kexkit",
                "./etc/kexkit/kdump.conf", "./usr/lib/systemd/system/kexkit-kdump.service",
                "./usr/lib/udev/rules.d/98-kexkit-kdump.rules", "./usr/share/man/man8/kexkit.8.gz",
                "./usr/share/man/man8/kexkit-kdump.8.gz", "./usr/share/man/man8/kexkit-makedumpfile.8.gz",
                "./usr/share/man/man5/kdump.conf.5.gz", "./usr/share/bash-completion/completions/kexkit",
                "./usr/lib/kexkit/lib/kdump-service.jar", "./usr/lib/kexkit/java/bin/java")) {
            assertTrue(contents.contains(path), path + " missing:\n" + contents);
        }
        assertTrue(contents.contains("root/root"), contents);
        String control = run(tmp, "dpkg-deb", "-I", deb.toString());
        assertTrue(control.contains("Package: kexkit"), control);
        assertTrue(control.contains("Architecture: amd64"), control);
        assertEquals("/etc/kexkit/kdump.conf\n", conffiles(tmp));
    }

    private static String conffiles(Path tmp) throws Exception {
        Path control = tmp.resolve("control");
        run(tmp, "dpkg-deb", "-e", deb.toString(), control.toString());
        return Files.readString(control.resolve("conffiles"));
    }

    @Test
    void theInstalledCommandRuns(@TempDir Path tmp) throws Exception {
        Path root = tmp.resolve("root");
        run(tmp, "dpkg", "-x", deb.toString(), root.toString());
        String version = run(tmp, root.resolve("usr/bin/kexkit").toString(), "--version");
        assertTrue(version.startsWith("kexkit "), version);
        String check = run(tmp, root.resolve("usr/bin/kexkit").toString(), "kdump", "config", "--check", "--config",
                root.resolve("etc/kexkit/kdump.conf").toString());
        assertEquals(root.resolve("etc/kexkit/kdump.conf") + ": ok\n", check);
    }
}
