package org.kexkit.kexec.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles the purgatory's own sha256.c and purgatory.c for the host (with
 * gcc, skipped without it) and checks them against Java's SHA-256; also
 * checks that the committed purgatory.bin is what scripts/build-purgatory
 * makes from the committed sources, where the host has the toolchain that
 * built it (toolchain.txt beside the sources): another gcc emits other code.
 */
class PurgatoryHostTest {
    @TempDir
    static Path work;
    static Path host;
    static Path repo;

    @BeforeAll
    static void compile() throws Exception {
        repo = repositoryRoot();
        Path src = repo.resolve("kexec-loader/src/main/purgatory");
        Path driver = repo.resolve("kexec-loader/src/test/purgatory/purgatory_host.c");
        requireOnPath("gcc");
        host = work.resolve("purgatory_host");
        run(null, "gcc", "-O2", "-Wall", "-Werror", "-I" + src, "-o", host.toString(), src.resolve("sha256.c").toString(),
                src.resolve("purgatory.c").toString(), driver.toString());
    }

    @Test
    void sha256MatchesMessageDigest() throws Exception {
        Random random = new Random(180_4);
        int[] sizes = {0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 4096, 65_553, 1_000_003};
        for (int size : sizes) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
            assertEquals(expected, run(data, host.toString(), "hash").strip(), "SHA-256 of " + size + " random bytes");
        }
    }

    @Test
    void verifyAcceptsTheJavaDigestOverRegionsAndRejectsAnyOther() throws Exception {
        byte[] data = new byte[300_000];
        new Random(42).nextBytes(data);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(data);
        assertEquals("1", run(data, host.toString(), "verify", HexFormat.of().formatHex(digest), "3").strip());
        assertEquals("1", run(data, host.toString(), "verify", HexFormat.of().formatHex(digest), "16").strip());
        digest[31] ^= 1;
        assertEquals("0", run(data, host.toString(), "verify", HexFormat.of().formatHex(digest), "3").strip());
    }

    @Test
    void committedBinaryMatchesItsSources() throws Exception {
        for (String tool : List.of("ld", "objcopy", "readelf")) {
            requireOnPath(tool);
        }
        String built = Files.readString(repo.resolve("kexec-loader/src/main/purgatory/toolchain.txt"));
        String here = toolchain();
        assumeTrue(built.equals(here), "purgatory.bin was built with " + built.strip().replace('\n', ',')
                + "; this host has " + here.strip().replace('\n', ',') + ", whose code may differ");
        Path rebuilt = work.resolve("purgatory.bin");
        run(null, "bash", repo.resolve("scripts/build-purgatory").toString(), rebuilt.toString());
        byte[] committed;
        try (var in = Purgatory.class.getResourceAsStream("purgatory.bin")) {
            committed = in.readAllBytes();
        }
        assertArrayEquals(Files.readAllBytes(rebuilt), committed,
                "purgatory.bin is stale: run scripts/build-purgatory and commit the result");
    }

    /** The first lines of gcc --version and ld --version, as scripts/build-purgatory records them. */
    static String toolchain() throws IOException, InterruptedException {
        return run(null, "gcc", "--version").lines().findFirst().orElse("") + "\n"
                + run(null, "ld", "--version").lines().findFirst().orElse("") + "\n";
    }

    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("kexec-loader/src/main/purgatory"))) {
                return dir;
            }
        }
        throw new IllegalStateException("kexec-loader/src/main/purgatory not found above " + Path.of("").toAbsolutePath());
    }

    static void requireOnPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return;
            }
        }
        assumeTrue(false, tool + " is not on PATH: the purgatory's C code is tested by compiling it for the host"
                + " (scripts/setup installs gcc and binutils)");
    }

    static String run(byte[] stdin, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = process.waitFor();
        if (status != 0) {
            fail(String.join(" ", command) + " exited with " + status + ": " + output);
        }
        return output;
    }
}
