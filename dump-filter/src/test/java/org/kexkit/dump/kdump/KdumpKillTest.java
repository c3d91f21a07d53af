package org.kexkit.dump.kdump;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.codec.PageCodec;
import org.kexkit.dump.elf.ElfVmcore;
import org.kexkit.dump.filter.PageFilter;
import org.kexkit.dump.io.FailingSink;
import org.kexkit.dump.io.FailingSink.Killed;

/**
 * A dump killed at any write is a dump that says it is incomplete: the writer is stopped at
 * every write it makes in turn (the last write cut in half, as a SIGKILL during a large write
 * can leave it), and what is left on disk must open, be marked incomplete, and give back every
 * page it still holds byte for byte ({@link FailingSink#killedAt}).
 */
class KdumpKillTest {
    @TempDir
    Path dir;

    @org.junit.jupiter.api.Test
    void anIncompleteDumpIsFilteredAgainWithItsMissingPagesAbsent() throws Exception {
        Path vmcore = TestVmcores.write(dir);
        Path killed = dir.resolve("killed");
        try (ElfVmcore source = ElfVmcore.open(vmcore);
                FileChannel channel = FileChannel.open(killed, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                        StandardOpenOption.WRITE)) {
            // head, reserve, 2 bitmap writes, the data of 3 groups of 32 pages, then their descriptors once
            // the data is synced: dies in that write with half of it on disk
            assertThrows(Killed.class, () -> new KdumpWriter(new KdumpOptions(Optional.empty(), 0, 1,
                    PageFilter.KEEP_ALL)).write(source, FailingSink.killedAt(channel, 8)));
        }
        Path again = dir.resolve("again");
        org.kexkit.dump.write.DumpStatistics stats;
        long present;
        try (KdumpVmcore source = KdumpVmcore.open(killed)) {
            present = source.reader().presentPages();
            assertTrue(present > 0 && present < source.reader().dumpedPages(), "present " + present);
            stats = new KdumpDumper(new KdumpWriter(new KdumpOptions(PageCodec.ALL.stream().findFirst(), 0, 1,
                    PageFilter.KEEP_ALL))).toFile(source, again, false);
        }
        assertTrue(stats.complete());
        assertEquals(present, stats.writtenPages());
        try (KdumpReader reader = KdumpReader.open(again)) {
            assertFalse(reader.header().incomplete());
            assertEquals(present, reader.dumpedPages());
            for (long pfn = 0; pfn < reader.maxMapnr(); pfn++) {
                if (reader.dumped(pfn)) {
                    assertArrayEquals(TestVmcores.page(pfn), reader.readPage(pfn), "pfn " + pfn);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} -d {1}")
    @CsvSource({"raw, 0", "zlib, 1", "lzo, 1", "zstd, 0"})
    void killedAtAnyWriteLeavesAnIncompleteDumpWhosePagesReadBack(String codec, int level) throws Exception {
        Path vmcore = TestVmcores.write(dir);
        Optional<PageCodec> c = PageCodec.ALL.stream().filter(p -> p.name().equals(codec)).findFirst();
        KdumpOptions options = new KdumpOptions(c, level, 2, PageFilter.KEEP_ALL);
        int checked = 0;
        int stoppedEarly = 0;
        for (int dieAt = 1; ; dieAt++) {
            Path out = dir.resolve("killed-" + dieAt);
            boolean died;
            try (ElfVmcore source = ElfVmcore.open(vmcore);
                    FileChannel channel = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                            StandardOpenOption.WRITE)) {
                FailingSink sink = FailingSink.killedAt(channel, dieAt);
                try {
                    new KdumpWriter(options).write(source, sink);
                    died = false;
                } catch (Killed k) {
                    died = true;
                }
            }
            if (!died) {
                // the run that was not stopped: whole, not marked, every page there
                try (KdumpReader reader = KdumpReader.open(out)) {
                    assertFalse(reader.header().incomplete());
                    assertEquals(reader.dumpedPages(), reader.presentPages());
                }
                break;
            }
            if (Files.size(out) < DiskDumpHeader.SIZE) {
                // only the first write can leave less than a header: one line, no dump yet
                assertEquals(1, dieAt);
                FormatException e = assertThrows(FormatException.class, () -> KdumpReader.open(out).close());
                assertTrue(e.getMessage().startsWith(out + ": offset 0x"), e.getMessage());
                continue;
            }
            try (KdumpReader reader = KdumpReader.open(out)) {
                assertTrue(reader.header().incomplete(), "killed at write " + dieAt + ": not marked incomplete");
                for (long pfn = 0; pfn < reader.maxMapnr(); pfn++) {
                    if (reader.has(pfn)) {
                        assertArrayEquals(TestVmcores.page(pfn), reader.readPage(pfn), "pfn " + pfn + " at write " + dieAt);
                        checked++;
                    }
                }
            } catch (FormatException e) {
                // the header and sub header are one write apart; before the bitmaps are reserved the file is short
                assertTrue(e.getMessage().startsWith(out + ": offset 0x") && e.getMessage().contains("marked incomplete"),
                        "write " + dieAt + ": " + e.getMessage());
                stoppedEarly++;
            }
            Files.delete(out);
        }
        assertTrue(checked > 0, "no killed dump held a page");
        // the head (header, sub header, notes) and the reserved bitmaps: the writes before which no bitmap is there
        assertTrue(stoppedEarly <= 2, "files that are no dump yet: " + stoppedEarly);
    }
}
