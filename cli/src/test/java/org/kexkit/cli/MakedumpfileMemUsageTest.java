package org.kexkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.dump.usage.MemoryUsage;
import org.kexkit.elfcore.ElfCoreWriter;

/** makedumpfile --mem-usage: the table as makedumpfile prints it, and its errors. */
class MakedumpfileMemUsageTest {
    @TempDir
    Path dir;

    @Test
    void tableHasMakedumpfilesTabsAndColumns() {
        MemoryUsage u = new MemoryUsage(4096, 196314, 2898, 21185, 6, 21, 154918, 0, 0, 0, List.of());
        assertEquals("\n"
                + "TYPE\t\tPAGES\t\t\tEXCLUDABLE\tDESCRIPTION\n"
                + "----------------------------------------------------------------------\n"
                + "ZERO\t\t2898            \tyes\t\tPages filled with zero\n"
                + "NON_PRI_CACHE\t21185           \tyes\t\tCache pages without private flag\n"
                + "PRI_CACHE\t6               \tyes\t\tCache pages with private flag\n"
                + "USER\t\t21              \tyes\t\tUser process pages\n"
                + "FREE\t\t154918          \tyes\t\tFree pages\n"
                + "KERN_DATA\t17286           \tno\t\tDumpable kernel data \n"
                + "\n"
                + "page size:\t\t4096            \n"
                + "Total pages on system:\t196314          \n"
                + "Total size on system:\t804102144        Byte\n", MemoryUsageReport.text(u));
    }

    @Test
    void jsonHasEveryCount() {
        MemoryUsage u = new MemoryUsage(4096, 100, 10, 20, 1, 2, 30, 3, 4, 5, List.of());
        assertEquals("{\"zero\":10,\"non_pri_cache\":20,\"pri_cache\":1,\"user\":2,\"free\":30,\"kern_data\":30,"
                + "\"hwpoison\":3,\"offline\":4,\"unreadable\":5,\"page_size\":4096,\"total_pages\":100,"
                + "\"total_bytes\":409600}", Json.write(MemoryUsageReport.json(u)));
    }

    @Test
    void aCoreWithoutVmcoreinfoIsOneLineAndExit1() throws Exception {
        Path core = dir.resolve("core");
        new ElfCoreWriter().addPrStatus(1).addLoad(0xffff888000000000L, 0, new byte[4096]).write(core);
        CliRun run = CliRun.of(new FakeKernel().environment(dir), "makedumpfile", "--mem-usage", core.toString());
        assertEquals(1, run.exitCode());
        assertEquals("kexkit: " + core + ": no VMCOREINFO note (/proc/kcore has one from Linux 4.19), so pages cannot "
                + "be classified", run.errLine());
    }

    @Test
    void theLiveKcoreNeedsIomemForTheCrashReservation() throws Exception {
        Files.createDirectories(dir.resolve("proc"));
        Path kcore = dir.resolve("proc/kcore");
        new ElfCoreWriter().addPrStatus(1).addLoad(0xffff888000000000L, 0, new byte[4096]).write(kcore);
        CliRun run = CliRun.of(new FakeKernel().environment(dir), "makedumpfile", "--mem-usage", kcore.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.errLine().contains("iomem"), run.err());
    }

    @Test
    void memUsageTakesOneFile() {
        CliRun run = CliRun.of(new FakeKernel().environment(dir), "makedumpfile", "--mem-usage", "a", "b");
        assertEquals(2, run.exitCode());
        assertTrue(run.errLine().contains("--mem-usage takes one file"), run.err());
    }
}
