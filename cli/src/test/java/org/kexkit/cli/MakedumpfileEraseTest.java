package org.kexkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.elfcore.ElfCoreWriter;

/** --config's failures: one line, nothing written (erasure itself: dump-filter's erase and kdump tests, tests-qemu). */
class MakedumpfileEraseTest {
    @TempDir
    Path dir;
    Path vmcore;
    Path out;
    CliEnvironment environment;

    @BeforeEach
    void writeVmcore() throws Exception {
        vmcore = dir.resolve("vmcore");
        new ElfCoreWriter().addPrStatus(1).addVmcoreInfo("OSRELEASE=6.1.0-test\nPAGESIZE=4096\n")
                .addLoad(0xffff888000100000L, 0x100000, new byte[4 * 4096]).write(vmcore);
        out = dir.resolve("dump");
        environment = new FakeKernel().environment(dir);
    }

    private Path config(String text) throws Exception {
        Path c = dir.resolve("erase.conf");
        Files.writeString(c, text);
        return c;
    }

    @Test
    void aBadRuleIsOneLineWithFileAndLineAndNothingIsWritten() throws Exception {
        Path c = config("erase init_task.comm\nerase\n");
        CliRun run = CliRun.of(environment, "makedumpfile", "-l", "--config", c.toString(), vmcore.toString(),
                out.toString());
        assertEquals(1, run.exitCode());
        assertEquals("kexkit: " + c + ": line 2: expected a symbol after 'erase', found the end of the file", run.err().strip());
        assertTrue(Files.notExists(out));
        assertEquals(0, Files.list(dir).filter(p -> p.getFileName().toString().contains("partial")).count());
    }

    @Test
    void aVmcoreWithoutWhatRulesNeedIsOneLineBeforeAnyOutput() throws Exception {
        Path c = config("# comm\nerase (struct task_struct)init_task.comm\n");
        CliRun run = CliRun.of(environment, "makedumpfile", "-l", "--config", c.toString(), vmcore.toString(),
                out.toString());
        assertEquals(1, run.exitCode(), run.err());
        // the kernel's address space comes first: this VMCOREINFO has not even the page tables
        assertEquals("kexkit: " + vmcore + ": offset 0x22c: VMCOREINFO has no SYMBOL(init_top_pgt)", run.errLine());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(Files.notExists(out));
    }

    @Test
    void optionsThatDoNotGoTogether() throws Exception {
        Path c = config("erase a\n");
        CliRun kallsyms = CliRun.of(environment, "makedumpfile", "--kallsyms", c.toString(), vmcore.toString(),
                out.toString());
        assertEquals(2, kallsyms.exitCode());
        assertEquals("kexkit: --kallsyms and -x are for --config and --extension (see 'kexkit makedumpfile --help')", kallsyms.errLine());
    }
}
