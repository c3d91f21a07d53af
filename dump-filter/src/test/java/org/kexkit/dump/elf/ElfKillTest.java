package org.kexkit.dump.elf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.bin.Elf64;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.filter.PageFilter;
import org.kexkit.dump.io.FailingSink;
import org.kexkit.dump.io.FailingSink.Killed;
import org.kexkit.dump.source.PfnRun;
import org.kexkit.dump.source.VmcoreSource;
import org.kexkit.elfcore.ElfCoreWriter;

/**
 * An ELF dump (-E) killed at any write is an ELF dump that says it is incomplete (e_flags
 * DUMP_ELF_INCOMPLETE) and whose pages that are in the file read back as the vmcore has them;
 * the pages it stopped before are absent, not errors.
 */
class ElfKillTest {
    private static final int PAGE = 4096;
    /** Three PT_LOADs of 300 pages: the data goes out in several 1 MiB writes. */
    private static final long[] STARTS = {0, 1024, 4096};
    private static final int PAGES = 300;

    @TempDir
    Path dir;

    private static byte[] page(long pfn) {
        byte[] p = new byte[PAGE];
        new Random(pfn).nextBytes(p);
        return p;
    }

    private Path vmcore() throws Exception {
        ElfCoreWriter w = new ElfCoreWriter().addPrStatus(1).addVmcoreInfo("OSRELEASE=6.1.0-test\nPAGESIZE=4096\n");
        for (long start : STARTS) {
            byte[] data = new byte[PAGES * PAGE];
            for (int i = 0; i < PAGES; i++) {
                System.arraycopy(page(start + i), 0, data, i * PAGE, PAGE);
            }
            w.addLoad(0xffff888000000000L + start * PAGE, start * PAGE, data);
        }
        Path vmcore = dir.resolve("vmcore");
        w.write(vmcore);
        return vmcore;
    }

    @Test
    void killedAtAnyWriteLeavesAnIncompleteElfDumpWhosePagesReadBack() throws Exception {
        Path vmcore = vmcore();
        int present = 0;
        for (int dieAt = 1; ; dieAt++) {
            Path out = dir.resolve("killed-" + dieAt);
            boolean died;
            try (ElfVmcore source = ElfVmcore.open(vmcore);
                    FileChannel channel = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                            StandardOpenOption.WRITE)) {
                try {
                    new ElfDumpWriter(0, PageFilter.KEEP_ALL).write(source, FailingSink.killedAt(channel, dieAt));
                    died = false;
                } catch (Killed k) {
                    died = true;
                }
            }
            if (dieAt == 1) {
                // half of the first write: not yet an ELF file, one line
                FormatException e = assertThrows(FormatException.class, () -> ElfVmcore.open(out).close());
                assertTrue(e.getMessage().startsWith(out + ": offset 0x"), e.getMessage());
                continue;
            }
            try (ElfVmcore dump = ElfVmcore.open(out);
                    VmcoreSource.PageReader reader = dump.pageReader(false)) {
                int flags = (int) dump.core().header().flags();
                assertEquals(died ? ElfDumpWriter.DUMP_ELF_INCOMPLETE : 0, flags & ElfDumpWriter.DUMP_ELF_INCOMPLETE,
                        "write " + dieAt);
                byte[] got = new byte[PAGE];
                int here = 0;
                for (PfnRun run : dump.memory().runs()) {
                    for (long pfn = run.start(); pfn < run.end(); pfn++) {
                        if (!dump.excluded(pfn)) {
                            reader.read(pfn, got, 0);
                            assertArrayEquals(page(pfn), got, "pfn " + pfn + " at write " + dieAt);
                            here++;
                        }
                    }
                }
                if (!died) {
                    assertEquals(STARTS.length * PAGES, here);
                    break;
                }
                present += here;
            }
            Files.delete(out);
        }
        assertTrue(present > 0, "no killed dump held a page");
    }

    @Test
    void theIncompleteBitIsInTheHeaderFromTheFirstWrite() throws Exception {
        Path out = dir.resolve("killed");
        try (ElfVmcore source = ElfVmcore.open(vmcore());
                FileChannel channel = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                        StandardOpenOption.WRITE)) {
            assertThrows(Killed.class, () -> new ElfDumpWriter(0, PageFilter.KEEP_ALL).write(source,
                    FailingSink.killedAt(channel, 2)));
        }
        byte[] head = Files.readAllBytes(out);
        assertEquals(ElfDumpWriter.DUMP_ELF_INCOMPLETE, head[Elf64.E_FLAGS] & ElfDumpWriter.DUMP_ELF_INCOMPLETE);
    }
}
