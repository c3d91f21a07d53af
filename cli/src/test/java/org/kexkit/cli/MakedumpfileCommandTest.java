package org.kexkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.dump.kdump.KdumpReader;
import org.kexkit.elfcore.ElfCoreWriter;

class MakedumpfileCommandTest {
    @TempDir
    Path dir;
    Path vmcore;
    byte[] memory;
    CliEnvironment environment;

    @BeforeEach
    void writeVmcore() throws Exception {
        memory = new byte[16 * 4096]; // 16 pages: 8 zero, 8 random
        new Random(1).nextBytes(java.util.Arrays.copyOfRange(memory, 0, 0));
        byte[] random = new byte[8 * 4096];
        new Random(1).nextBytes(random);
        System.arraycopy(random, 0, memory, 8 * 4096, random.length);
        vmcore = dir.resolve("vmcore");
        new ElfCoreWriter().addPrStatus(1).addVmcoreInfo("OSRELEASE=6.1.0-test\nPAGESIZE=4096\n")
                .addLoad(0xffff888000100000L, 0x100000, memory).write(vmcore);
        environment = new FakeKernel().environment(dir);
    }

    @Test
    void writesAKdumpFileAndPrintsMakedumpfilesReport() throws Exception {
        Path out = dir.resolve("dump");
        CliRun run = CliRun.of(environment, "makedumpfile", "-z", "-d", "1", "--message-level", "23",
                "--num-threads", "2", vmcore.toString(), out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("""
                Original pages  : 0x0000000000000010
                  Excluded pages   : 0x0000000000000008
                    Pages filled with zero  : 0x0000000000000008
                    Non-private cache pages : 0x0000000000000000
                    Private cache pages     : 0x0000000000000000
                    User process data pages : 0x0000000000000000
                    Free pages              : 0x0000000000000000
                    Hwpoison pages          : 0x0000000000000000
                    Offline pages           : 0x0000000000000000
                    Extension filter pages  : 0x0000000000000000
                  Remaining pages  : 0x0000000000000008
                  (The number of pages is reduced to 50%.)
                Memory Hole     : 0x0000000000000100
                --------------------------------------------------
                Total pages     : 0x0000000000000110
                Write bytes     : """), run.out());
        assertTrue(run.out().endsWith("The dumpfile is saved to " + out + ".\n\nmakedumpfile Completed.\n"), run.out());
        try (KdumpReader reader = KdumpReader.open(out)) {
            for (int i = 0; i < 16; i++) {
                assertArrayEquals(java.util.Arrays.copyOfRange(memory, i * 4096, (i + 1) * 4096),
                        reader.readPage(0x100 + i));
            }
        }
    }

    @Test
    void jsonStatistics() {
        CliRun run = CliRun.of(environment, "makedumpfile", "-l", "-d", "1", "--json", vmcore.toString(),
                dir.resolve("dump").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("{\"original_pages\":16,\"excluded_pages\":8,\"excluded\":{\"zero\":8,"), run.out());
        assertTrue(run.out().contains("\"total_pages\":272,"), run.out());
    }

    @Test
    void flattenedToStdoutAndReassembledFromStdin() throws Exception {
        Path direct = dir.resolve("direct");
        assertEquals(0, CliRun.of(environment, "makedumpfile", "-c", "-d", "1", vmcore.toString(), direct.toString())
                .exitCode());
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        CliRun flat = CliRun.of(environment.withStreams(() -> System.in, () -> stdout), "makedumpfile", "-F", "-c",
                "-d", "1", vmcore.toString());
        assertEquals(0, flat.exitCode(), flat.err());
        assertEquals("", flat.out());
        Path reassembled = dir.resolve("reassembled");
        CliRun r = CliRun.of(environment.withStreams(() -> new ByteArrayInputStream(stdout.toByteArray()), () -> null),
                "makedumpfile", "-R", reassembled.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertArrayEquals(Files.readAllBytes(direct), Files.readAllBytes(reassembled));
    }

    @Test
    void aFlattenedDumpRedirectedToAFileMakesItOwnerOnlyFirst() throws Exception {
        // as `makedumpfile -F VMCORE > FILE` with umask 022: the shell made FILE 0644
        Path file = Files.createFile(dir.resolve("flat"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-r--r--")));
        String[] modeAtFirstByte = new String[1];
        java.io.OutputStream stdout = new java.io.FileOutputStream(file.toFile()) {
            @Override
            public void write(byte[] b, int off, int len) throws java.io.IOException {
                if (modeAtFirstByte[0] == null) {
                    modeAtFirstByte[0] = PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
                }
                super.write(b, off, len);
            }
        };
        CliRun flat = CliRun.of(environment.withStreams(() -> System.in, () -> stdout).withStdoutFile(file),
                "makedumpfile", "-F", "-c", "-d", "1", vmcore.toString());
        stdout.close();
        assertEquals(0, flat.exitCode(), flat.err());
        assertFalse(flat.err().contains("warning"), flat.err());
        assertEquals("rw-------", modeAtFirstByte[0], "0600 before the dump's first byte");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(Files.size(file) > 0);
    }

    @Test
    void aFlattenedDumpToAPipeOrDeviceLeavesItsModeAlone() throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        CliRun flat = CliRun.of(environment.withStreams(() -> System.in, () -> stdout).withStdoutFile(Path.of("/dev/null")),
                "makedumpfile", "-F", "-c", "-d", "1", vmcore.toString());
        assertEquals(0, flat.exitCode(), flat.err());
        assertFalse(flat.err().contains("warning"), flat.err());
    }

    @Test
    void levelsThatNeedClassificationNameTheMissingVmcoreinfoLine() {
        CliRun run = CliRun.of(environment, "makedumpfile", "-d", "31", vmcore.toString(), dir.resolve("x").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.errLine().matches("kexkit: " + java.util.regex.Pattern.quote(vmcore.toString())
                + ": offset 0x[0-9a-f]+: VMCOREINFO has no SYMBOL\\(init_top_pgt\\)"), run.err());
        assertTrue(Files.notExists(dir.resolve("x")));
    }

    @Test
    void twoCompressionsAreAUsageError() {
        CliRun run = CliRun.of(environment, "makedumpfile", "-c", "-z", vmcore.toString(), dir.resolve("x").toString());
        assertEquals(2, run.exitCode());
        assertEquals("kexkit: choose one of -c, -l, -p and -z (see 'kexkit makedumpfile --help')", run.errLine());
    }

    @Test
    void badVmcoreIsOneLine() throws Exception {
        Path garbage = dir.resolve("garbage");
        Files.write(garbage, new byte[100]);
        CliRun run = CliRun.of(environment, "makedumpfile", garbage.toString(), dir.resolve("x").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.errLine().startsWith("kexkit: " + garbage + ": offset 0x0: "), run.err());
    }

    @Test
    void reassemblyOfGarbageIsOneLine() {
        CliRun run = CliRun.of(environment.withStreams(() -> new ByteArrayInputStream(new byte[5000]), () -> null),
                "makedumpfile", "-R", dir.resolve("x").toString());
        assertEquals(1, run.exitCode());
        assertEquals("kexkit: stdin: offset 0x0: expected the signature \"makedumpfile\": not a flattened dump",
                run.errLine());
    }
}
