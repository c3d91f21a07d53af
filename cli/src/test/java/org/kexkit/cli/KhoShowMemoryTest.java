package org.kexkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.elfcore.ElfCoreWriter;
import org.kexkit.kho.KhoSamples;

/**
 * kho show --memory: the recorded kho/in/fdt of the QEMU run (radix tree root at 0x267000) with a
 * core whose one PT_LOAD holds a tree built here from the key formula of docs/KHO-ABI.md section 2.
 */
class KhoShowMemoryTest {
    private static final long ROOT = 0x267000L;
    private static final long KERNEL_TEXT_MAP = 0xffffffff80000000L;

    @TempDir
    Path dir;
    CliEnvironment environment;
    Path fdt;
    /** Tree pages from ROOT up, one PT_LOAD. */
    final ByteBuffer pages = ByteBuffer.allocate(16 * 4096).order(ByteOrder.LITTLE_ENDIAN);
    long nextPage = ROOT + 4096;

    @BeforeEach
    void setUp() {
        environment = new FakeKernel().environment(dir);
        fdt = KhoSamples.file("stage2-in-fdt.dtb");
    }

    @Test
    void preservedBlocksBecomeJoinedRanges() throws Exception {
        preserve(0x3e400000L, 10); // khomem, 4 MiB
        preserve(0x5a2000L, 0);    // two pages side by side join
        preserve(0x5a3000L, 0);
        preserve(ROOT, 0);
        Path core = core();
        CliRun run = CliRun.of(environment, "kho", "show", fdt.toString(), "--memory", core.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("  preserved memory: radix tree root page at 0x267000, read from " + core
                + ": 4 blocks in 3 ranges, 4206592 bytes (4.0 MiB)\n    0x267000-0x267fff (0x1000 bytes)\n"
                + "    0x5a2000-0x5a3fff (0x2000 bytes)\n    0x3e400000-0x3e7fffff (0x400000 bytes)\n"), run.out());
        CliRun json = CliRun.of(environment, "kho", "show", "--json", fdt.toString(), "--memory", core.toString());
        assertEquals(0, json.exitCode(), json.err());
        assertTrue(json.out().contains("\"preserved_memory\":{\"memory\":\"" + core + "\",\"blocks\":4,\"bytes\":4206592,"
                + "\"ranges\":[{"), json.out());
        assertTrue(json.out().contains("\"start\":\"0x3e400000\""), json.out());
    }

    @Test
    void anAddressOutsideTheCoreOrNoRootIsOneLine() throws Exception {
        pages.putLong(8, 0x7000000L); // a level-4 table the core does not hold
        Path core = core();
        CliRun run = CliRun.of(environment, "kho", "show", fdt.toString(), "--memory", core.toString());
        assertEquals(1, run.exitCode());
        assertEquals("kexkit: " + core + ": physical address 0x7000000: not in the core (no PT_LOAD with a physical"
                + " address holds its 0x1000 bytes)", run.errLine());
        pages.putLong(8, 0x7000010L);
        core();
        run = CliRun.of(environment, "kho", "show", fdt.toString(), "--memory", core.toString());
        assertEquals("kexkit: " + core + ": physical memory: offset 0x7000010: radix tree node is not page-aligned",
                run.errLine());
        Path blob = fdt.resolveSibling("stage2-in-sub-kexec-metadata.bin");
        run = CliRun.of(environment, "kho", "show", blob.toString(), "--memory", core.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.errLine().endsWith("--memory needs a KHO root FDT (kho/in/fdt or kho/out/fdt), which holds the"
                + " address of the preserved-memory radix tree"), run.errLine());
        run = CliRun.of(environment, "kho", "show", fdt.toString(), "--memory", fdt.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.errLine().contains("not an ELF file"), run.errLine());
    }

    /** The same tree read from a kdump-compressed dump of the core (kexkit makedumpfile -d 0 -l). */
    @Test
    void aKdumpCompressedDumpServesToo() throws Exception {
        preserve(0x3e400000L, 10);
        preserve(ROOT, 0);
        Path core = core();
        Path kdump = dir.resolve("vmcore.kdump");
        CliRun dump = CliRun.of(environment, "makedumpfile", "-l", "-d", "0", core.toString(), kdump.toString());
        assertEquals(0, dump.exitCode(), dump.err());
        CliRun run = CliRun.of(environment, "kho", "show", fdt.toString(), "--memory", kdump.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("  preserved memory: radix tree root page at 0x267000, read from " + kdump
                + ": 2 blocks in 2 ranges, 4198400 bytes (4.0 MiB)\n    0x267000-0x267fff (0x1000 bytes)\n"
                + "    0x3e400000-0x3e7fffff (0x400000 bytes)\n"), run.out());
        pages.putLong(8, 0x7000000L); // a level-4 table the dump does not hold
        core();
        Files.delete(kdump);
        assertEquals(0, CliRun.of(environment, "makedumpfile", "-l", "-d", "0", core.toString(), kdump.toString()).exitCode());
        run = CliRun.of(environment, "kho", "show", fdt.toString(), "--memory", kdump.toString());
        assertEquals(1, run.exitCode());
        assertEquals("kexkit: " + kdump + ": physical address 0x7000000: not in the dump (a memory hole, or a page the"
                + " dump left out; 0x1000 bytes)", run.errLine());
    }

    private Path core() throws Exception {
        Path core = dir.resolve("vmcore");
        new ElfCoreWriter().addLoad(KERNEL_TEXT_MAP, ROOT, pages.array()).write(core);
        return core;
    }

    private void preserve(long address, int order) {
        long key = (1L << (52 - order)) | (address >>> (12 + order));
        long table = ROOT;
        for (int level = 5; level >= 1; level--) {
            int at = (int) (table - ROOT) + (int) ((key >>> (15 + 9 * (level - 1))) & 0x1ff) * 8;
            if (pages.getLong(at) == 0) {
                pages.putLong(at, nextPage);
                nextPage += 4096;
            }
            table = pages.getLong(at);
        }
        int bit = (int) (key & 0x7fff);
        int word = (int) (table - ROOT) + bit / 64 * 8;
        pages.putLong(word, pages.getLong(word) | (1L << (bit % 64)));
    }
}
