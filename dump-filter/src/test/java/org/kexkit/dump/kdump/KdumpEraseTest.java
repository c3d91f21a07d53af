package org.kexkit.dump.kdump;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kexkit.dump.erase.EraseRange;
import org.kexkit.dump.erase.ErasePlan;
import org.kexkit.dump.filter.PageFilter;

/** Erasure in the kdump writer: erased bytes in every written page, the rest as before, eraseinfo after the data. */
class KdumpEraseTest {
    private static final int PAGE = TestVmcores.PAGE;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"raw", "zlib", "lzo", "zstd"})
    void erasedBytesAreXInThePagesAndRecordedAfterThem(String codec) throws Exception {
        Path vmcore = TestVmcores.write(dir);
        // across pfns 5 and 6, a nullified word on pfn 257, and one on a hole (pfn 100) that no page holds
        ErasePlan plan = new ErasePlan(PAGE, List.of(new EraseRange(6 * PAGE - 10, 30, EraseRange.ERASED),
                new EraseRange(257 * PAGE + 64, 8, EraseRange.NULLIFIED), new EraseRange(100 * PAGE, 16, EraseRange.ERASED)),
                "erase secret size 30\nerase p nullify\n");
        Path out = dir.resolve("dump-" + codec);
        KdumpWriter writer = new KdumpWriter(new KdumpOptions(KdumpRoundTripTest.codec(codec), 1, 2, PageFilter.KEEP_ALL))
                .eraser(plan);
        new KdumpDumper(writer).toFile(vmcore, out, false);
        try (KdumpReader reader = KdumpReader.open(out)) {
            for (long pfn = 0; pfn < TestVmcores.MAX_MAPNR; pfn++) {
                assertEquals(TestVmcores.backed(pfn), reader.dumped(pfn), "the page set is unchanged, pfn " + pfn);
                if (!TestVmcores.backed(pfn)) {
                    continue;
                }
                byte[] want = TestVmcores.page(pfn);
                if (pfn == 5) {
                    Arrays.fill(want, PAGE - 10, PAGE, (byte) 'X');
                } else if (pfn == 6) {
                    Arrays.fill(want, 0, 20, (byte) 'X');
                } else if (pfn == 257) {
                    Arrays.fill(want, 64, 72, (byte) 0);
                }
                assertArrayEquals(want, reader.readPage(pfn), "pfn " + pfn);
            }
            KdumpSubHeader sub = reader.subHeader();
            byte[] file = Files.readAllBytes(out);
            String info = new String(file, (int) sub.offsetEraseinfo(), (int) sub.sizeEraseinfo(), StandardCharsets.US_ASCII);
            assertEquals("erase secret size 30\nerase p nullify\n", info);
            assertEquals(file.length, sub.offsetEraseinfo() + sub.sizeEraseinfo(), "eraseinfo ends the file");
        }
        assertEquals(38, plan.erasedBytes(), "the hole's 16 bytes were in no written page");

        // filtered again with one more rule: the first dump's lines come first (makedumpfile's write_eraseinfo)
        Path again = dir.resolve("again-" + codec);
        new KdumpDumper(new KdumpWriter(new KdumpOptions(KdumpRoundTripTest.codec(codec), 1, 1, PageFilter.KEEP_ALL))
                .eraser(new ErasePlan(PAGE, List.of(new EraseRange(2 * PAGE, 4, EraseRange.ERASED)), "erase more size 4\n")))
                .toFile(out, again, false);
        try (KdumpReader reader = KdumpReader.open(again)) {
            assertEquals("erase secret size 30\nerase p nullify\nerase more size 4\n",
                    new String(reader.eraseInfo(), StandardCharsets.US_ASCII));
            assertEquals("XXXX", new String(reader.readPage(2), 0, 4, StandardCharsets.US_ASCII));
            assertEquals("XXXXXXXXXX", new String(reader.readPage(5), PAGE - 10, 10, StandardCharsets.US_ASCII));
        }
    }
}
