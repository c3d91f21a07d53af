package org.kexkit.dump.kdump;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kexkit.dump.elf.ElfVmcore;
import org.kexkit.dump.filter.ExclusionClass;
import org.kexkit.dump.filter.PageFilter;
import org.kexkit.dump.io.ChannelSink;
import org.kexkit.dump.source.PfnRun;

/**
 * The second bitmap kept from the count and the filter asked again give the same pfns, the same
 * bitmap bytes and so the same dump.
 */
class DumpablePfnsTest {
    @TempDir
    Path dir;

    /** Excludes a scattered pattern and one long stretch across several runs of asked pfns. */
    private static final PageFilter PATTERN = pfn -> (pfn * 7) % 5 == 0 || (pfn >= 6000 && pfn < 9100)
            ? ExclusionClass.FREE : ExclusionClass.NONE;

    private static final long MAX_MAPNR = 20_003;
    private static final List<PfnRun> RUNS = List.of(new PfnRun(0, 5001), new PfnRun(5003, 12_001),
            new PfnRun(15_000, MAX_MAPNR));

    private static DumpablePfns counted(long keptBytes) {
        DumpablePfns pfns = DumpablePfns.of(PATTERN, MAX_MAPNR, keptBytes);
        for (PfnRun run : RUNS) {
            for (long pfn = run.start(); pfn < run.end(); pfn++) {
                if (PATTERN.exclusion(pfn) == ExclusionClass.NONE) {
                    pfns.dumpable(pfn);
                }
            }
        }
        return pfns;
    }

    @ParameterizedTest(name = "kept up to {0} bytes")
    @ValueSource(longs = {0, DumpablePfns.KEPT_BYTES})
    void nextAndTheSecondBitmapFollowTheFilter(long keptBytes) {
        DumpablePfns pfns = counted(keptBytes);
        assertEquals(keptBytes > 0, pfns.keeps());
        for (PfnRun run : RUNS) {
            List<Long> want = new ArrayList<>();
            for (long pfn = run.start(); pfn < run.end(); pfn++) {
                if (PATTERN.exclusion(pfn) == ExclusionClass.NONE) {
                    want.add(pfn);
                }
            }
            List<Long> got = new ArrayList<>();
            for (long pfn = pfns.next(run.start(), run.end()); pfn < run.end(); pfn = pfns.next(pfn + 1, run.end())) {
                got.add(pfn);
            }
            assertEquals(want, got, "dumpable pfns of " + run);
        }
        // the bitmap in chunks of 8 KiB of pfns, past max_mapnr as the file's bitmap runs
        for (long from = 0; from < MAX_MAPNR + 4096; from += 8192) {
            byte[] first = new byte[1024];
            byte[] want = new byte[first.length];
            for (int i = 0; i < 8 * first.length; i++) {
                long pfn = from + i;
                boolean backed = RUNS.stream().anyMatch(r -> pfn >= r.start() && pfn < r.end());
                if (backed) {
                    first[i / 8] |= (byte) (1 << (i % 8));
                    if (PATTERN.exclusion(pfn) == ExclusionClass.NONE) {
                        want[i / 8] |= (byte) (1 << (i % 8));
                    }
                }
            }
            byte[] second = new byte[first.length];
            pfns.secondBitmap(from, first, second);
            assertArrayEquals(want, second, "second bitmap from pfn " + from);
        }
    }

    @Test
    void aDumpWrittenFromTheKeptBitmapIsTheOneThatAsksAgain() throws Exception {
        Path vmcore = TestVmcores.write(dir);
        PageFilter filter = pfn -> pfn % 3 == 2 || pfn == 260 ? ExclusionClass.PRIVATE_CACHE : ExclusionClass.NONE;
        byte[] kept = null;
        for (long keptBytes : new long[] {DumpablePfns.KEPT_BYTES, 0}) {
            for (int parts : new int[] {1, 3}) {
                List<Path> files = new ArrayList<>();
                List<ChannelSink> sinks = new ArrayList<>();
                List<FileChannel> channels = new ArrayList<>();
                for (int i = 0; i < parts; i++) {
                    Path out = dir.resolve("dump-" + keptBytes + "-" + parts + "-" + i);
                    files.add(out);
                    FileChannel c = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    channels.add(c);
                    sinks.add(new ChannelSink(c));
                }
                try (ElfVmcore source = ElfVmcore.open(vmcore)) {
                    new KdumpWriter(new KdumpOptions(Optional.empty(), 31, 2, filter)).keepingBitmapsOf(keptBytes)
                            .splitBlockSize(SplitDumpTest.BLOCK).writeSplit(source, sinks);
                } finally {
                    for (FileChannel c : channels) {
                        c.close();
                    }
                }
                if (parts == 1) {
                    byte[] bytes = Files.readAllBytes(files.get(0));
                    if (kept == null) {
                        kept = bytes;
                    } else {
                        assertArrayEquals(kept, bytes, "the dump asking the filter again");
                    }
                    try (KdumpReader reader = KdumpReader.open(files.get(0))) {
                        assertTrue(reader.dumpedPages() > 0);
                        assertFalse(reader.dumpedPages() == TestVmcores.LOW_PAGES + TestVmcores.HIGH_PAGES);
                    }
                } else {
                    for (int i = 0; i < parts; i++) {
                        Path other = dir.resolve("dump-" + DumpablePfns.KEPT_BYTES + "-" + parts + "-" + i);
                        assertArrayEquals(Files.readAllBytes(other), Files.readAllBytes(files.get(i)), "part " + i);
                    }
                }
            }
        }
    }
}
