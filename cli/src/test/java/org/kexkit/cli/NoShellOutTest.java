package org.kexkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * kexkit starts no other program but one: no source of a module that ships (every module's src/main but
 * the QEMU harness, tests-qemu, which runs QEMU and the sid root's tools with argument lists)
 * creates a process, so no user string can ever reach a local shell. The one exception is the kdump
 * service's ssh target, which runs ssh with an argument vector (no local shell) whose remote command is
 * built from names the config parser restricts to characters no shell interprets (KdumpConfigParserTest); and
 * {@code kexkit qemu-test} (module qemu-run), which starts qemu-system-x86_64, mkfs.ext4, debugfs and python3 with
 * argument vectors, never through a shell (the paths debugfs's own command line takes are checked for blanks and
 * quotes by Ext4Image).
 */
class NoShellOutTest {
    private static final List<String> ALLOWED = List.of(
            "kdump-service/src/main/java/org/kexkit/kdump/SshStore.java: return argv -> new ProcessBuilder(argv)",
            "qemu-run/src/main/java/org/kexkit/qemu/run/Qemu.java: ProcessBuilder pb = new ProcessBuilder(argv)",
            "qemu-run/src/main/java/org/kexkit/qemu/run/HostCommand.java: ProcessBuilder pb = new ProcessBuilder(argv);",
            "qemu-run/src/main/java/org/kexkit/qemu/run/HostCommand.java: pb.redirectInput(ProcessBuilder.Redirect.from(");
    private static final Pattern STARTS_A_PROCESS = Pattern.compile(
            "ProcessBuilder|Runtime\\s*\\.\\s*getRuntime\\s*\\(\\s*\\)\\s*\\.\\s*exec|\\bexecv[ep]?\\s*\\(|posix_spawn");

    @Test
    void noShippedSourceStartsAProcess() throws IOException {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        List<String> found = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> files = Files.walk(repo)) {
            for (Path f : files.filter(NoShellOutTest::shipped).toList()) {
                scanned++;
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).strip();
                    String where = repo.relativize(f).toString().replace('\\', '/');
                    if (STARTS_A_PROCESS.matcher(line).find()
                            && ALLOWED.stream().noneMatch(a -> (where + ": " + line).startsWith(a))) {
                        found.add(where + ":" + (i + 1) + ": " + line);
                    }
                }
            }
        }
        assertTrue(scanned > 100, "the product sources were found: " + scanned);
        assertEquals(List.of(), found);
    }

    private static boolean shipped(Path p) {
        String s = p.toString().replace('\\', '/');
        return s.endsWith(".java") && s.contains("/src/main/java/") && !s.contains("/tests-qemu/")
                && !s.contains("/target/");
    }
}
