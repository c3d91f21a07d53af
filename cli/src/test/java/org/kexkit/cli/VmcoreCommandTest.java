package org.kexkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.elfcore.ElfCoreWriter;

class VmcoreCommandTest {
    @TempDir
    Path dir;
    CliEnvironment environment;
    Path core;

    @BeforeEach
    void setUp() throws IOException {
        environment = new FakeKernel().environment(dir);
        core = dir.resolve("vmcore");
        new ElfCoreWriter()
                .addPrStatus(11).addPrStatus(22)
                .addVmcoreInfo("OSRELEASE=6.9.0\nPAGESIZE=4096\nSYMBOL(_stext)=ffffffff81000000\nOFFSET(page.flags)=0\n"
                        + "SIZE(page)=64\nKERNELOFFSET=2a000000\nCRASHTIME=0\nBUILD-ID=00ff\n")
                .addLoad(0xffffffff81000000L, 0x1000000, new byte[4096])
                .addLoad(0xffff888000000000L, 0, new byte[100])
                .addLoad(0xffff888000100000L, 0x100000, new byte[8192])
                .write(core);
    }

    @Test
    void infoText() {
        CliRun run = CliRun.of(environment, "vmcore", "info", core.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        assertTrue(run.out().contains("EM_X86_64 ET_CORE"), run.out());
        assertTrue(run.out().contains("PT_LOAD  0x0000000000001000 0xffffffff81000000 0x0000000001000000"), run.out());
        assertTrue(run.out().contains("CPUs (NT_PRSTATUS notes): 2, pids 11, 22"), run.out());
        assertTrue(run.out().contains("OSRELEASE:    6.9.0"), run.out());
        assertTrue(run.out().contains("KERNELOFFSET: 0x2a000000"), run.out());
        assertTrue(run.out().contains("CRASHTIME:    0 (1970-01-01T00:00:00Z)"), run.out());
        assertTrue(run.out().contains("entries:      SYMBOL 1, OFFSET 1, SIZE 1, LENGTH 0, NUMBER 0"), run.out());
    }

    @Test
    void infoJson() {
        CliRun run = CliRun.of(environment, "vmcore", "info", "--json", core.toString());
        assertEquals(0, run.exitCode(), run.err());
        String json = run.out().strip();
        assertTrue(json.startsWith("{\"file\":"), json);
        assertTrue(json.contains("\"cpus\":2,\"pids\":[11,22]"), json);
        assertTrue(json.contains("\"osrelease\":\"6.9.0\",\"pagesize\":4096,\"kerneloffset\":\"0x2a000000\""), json);
        assertTrue(json.contains("\"counts\":{\"SYMBOL\":1,\"OFFSET\":1,\"SIZE\":1,\"LENGTH\":0,\"NUMBER\":0}"), json);
        assertFalse(json.contains("\n"));
    }

    @Test
    void garbageInputIsOneLineAndExitOne() throws IOException {
        Path garbage = Files.writeString(dir.resolve("garbage"), "x".repeat(200));
        CliRun run = CliRun.of(environment, "vmcore", "info", garbage.toString());
        assertEquals(1, run.exitCode());
        assertEquals("kexkit: " + garbage + ": offset 0x0: expected ELF magic 7f 45 4c 46, found 78 78 78 78:"
                + " not an ELF file", run.errLine());
        assertEquals("", run.out());
    }

    @Test
    void truncatedCoreNamesOffset() throws IOException {
        byte[] bytes = Files.readAllBytes(core);
        Path cut = Files.write(dir.resolve("cut"), java.util.Arrays.copyOf(bytes, bytes.length - 10));
        CliRun run = CliRun.of(environment, "vmcore", "info", cut.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.errLine().matches("kexkit: .*cut: offset 0xe8: PT_LOAD 3 runs past end of file .*"),
                run.err());
    }

    @Test
    void missingFile() {
        CliRun run = CliRun.of(environment, "vmcore", "info", dir.resolve("nope").toString());
        assertEquals(1, run.exitCode());
        assertEquals("kexkit: " + dir.resolve("nope") + ": no such file", run.errLine());
    }

    @Test
    void missingArgumentIsUsageError() {
        CliRun run = CliRun.of(environment, "vmcore", "info");
        assertEquals(2, run.exitCode());
        assertTrue(run.errLine().startsWith("kexkit: Missing required parameter: 'FILE'"), run.err());
        assertTrue(run.errLine().endsWith("(see 'kexkit vmcore info --help')"), run.err());
    }

    @Test
    void saveCopiesAndReports() throws IOException {
        Path out = dir.resolve("saved.elf");
        CliRun run = CliRun.of(environment, "vmcore", "save", core.toString(), out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().strip().matches("saved " + Files.size(core) + " bytes \\(0\\.0 MiB\\) to "
                + java.util.regex.Pattern.quote(out.toString()) + " in \\d+\\.\\d{3} s \\(\\d+\\.\\d MiB/s\\)"),
                run.out());
        assertArrayEquals(Files.readAllBytes(core), Files.readAllBytes(out));

        CliRun again = CliRun.of(environment, "vmcore", "save", core.toString(), out.toString());
        assertEquals(1, again.exitCode());
        assertEquals("kexkit: " + out + " already exists (use --force to replace it)", again.errLine());
        assertEquals(0, CliRun.of(environment, "vmcore", "save", "-f", core.toString(), out.toString()).exitCode());
    }

    @Test
    void saveOfGarbageLeavesNothing() throws IOException {
        Path garbage = Files.writeString(dir.resolve("garbage"), "y".repeat(100));
        Path out = dir.resolve("saved.elf");
        CliRun run = CliRun.of(environment, "vmcore", "save", garbage.toString(), out.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.errLine().startsWith("kexkit: " + garbage + ": offset 0x0:"), run.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void vmcoreWithoutSubcommand() {
        CliRun run = CliRun.of(environment, "vmcore");
        assertEquals(2, run.exitCode());
        assertEquals("kexkit: missing command: info or save (see 'kexkit vmcore --help')", run.errLine());
    }
}
