package org.kexkit.dump.kdump;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.codec.PageCodec;
import org.kexkit.dump.elf.ElfVmcore;
import org.kexkit.dump.filter.PageFilter;
import org.kexkit.dump.write.DumpStatistics;

/** --split and --reassemble: parts that read alone and as a set, joined into the dump without --split. */
class SplitDumpTest {
    /** 16 pages a block: the 288-pfn test vmcore is cut in several places. */
    static final long BLOCK = 16 * TestVmcores.PAGE;

    @TempDir
    Path dir;

    private KdumpWriter writer(String codec, int level) {
        return new KdumpWriter(new KdumpOptions(KdumpRoundTripTest.codec(codec), level, 2, PageFilter.KEEP_ALL))
                .splitBlockSize(BLOCK);
    }

    private List<Path> split(Path vmcore, String codec, int level, int count) throws Exception {
        List<Path> parts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            parts.add(dir.resolve("part" + i + "-" + codec + "-" + level));
        }
        try (ElfVmcore v = ElfVmcore.open(vmcore)) {
            new KdumpDumper(writer(codec, level)).toSplitFiles(v, parts, false);
        }
        return parts;
    }

    static List<Object[]> cases() {
        List<Object[]> out = new ArrayList<>();
        for (int level : new int[] {0, 1}) {
            out.add(new Object[] {"raw", level});
            for (PageCodec c : PageCodec.ALL) {
                out.add(new Object[] {c.name(), level});
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} -d {1}")
    @MethodSource("cases")
    void partsReadAloneAndTogetherAndJoinIntoTheUnsplitDump(String codec, int level) throws Exception {
        Path vmcore = TestVmcores.write(dir);
        Path whole = dir.resolve("whole-" + codec + "-" + level);
        DumpStatistics wholeStats = new KdumpDumper(writer(codec, level)).toFile(vmcore, whole, false);
        List<Path> parts = split(vmcore, codec, level, 3);
        long end = 0;
        for (Path p : parts) {
            try (KdumpVmcore part = KdumpVmcore.open(p)) {
                KdumpReader r = part.reader();
                assertTrue(r.split());
                assertEquals(end, r.part().start(), p.toString());
                end = r.part().end();
                assertTrue(r.part().end() > r.part().start(), "every part holds pages: " + r.part());
                try (var pages = part.pageReader(false)) {
                    byte[] page = new byte[TestVmcores.PAGE];
                    for (long pfn = 0; pfn < TestVmcores.MAX_MAPNR; pfn++) {
                        boolean here = TestVmcores.backed(pfn) && r.part().start() <= pfn && pfn < r.part().end();
                        assertEquals(!here, part.excluded(pfn), "pfn " + pfn + " in " + p);
                        if (here) {
                            pages.read(pfn, page, 0);
                            assertArrayEquals(TestVmcores.page(pfn), page, "pfn " + pfn);
                        }
                    }
                }
            }
        }
        assertEquals(TestVmcores.MAX_MAPNR, end);
        try (KdumpVmcore set = KdumpVmcore.openSplit(List.of(parts.get(2), parts.get(0), parts.get(1)));
                var pages = set.pageReader(false)) {
            byte[] page = new byte[TestVmcores.PAGE];
            for (long pfn = 0; pfn < TestVmcores.MAX_MAPNR; pfn++) {
                assertEquals(!TestVmcores.backed(pfn), set.excluded(pfn));
                if (TestVmcores.backed(pfn)) {
                    pages.read(pfn, page, 0);
                    assertArrayEquals(TestVmcores.page(pfn), page, "pfn " + pfn);
                }
            }
        }
        Path joined = dir.resolve("joined-" + codec + "-" + level);
        KdumpReassembler.Result r = KdumpReassembler.toFile(List.of(parts.get(1), parts.get(2), parts.get(0)), joined, false);
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(joined), "reassembled = unsplit");
        assertEquals(wholeStats.writtenPages(), r.pages());
        assertEquals(Files.size(whole), r.bytes());
    }

    @Test
    void statisticsOfTheSplitDumpAreThoseOfTheWhole() throws Exception {
        Path vmcore = TestVmcores.write(dir);
        DumpStatistics whole = new KdumpDumper(writer("raw", 1)).toFile(vmcore, dir.resolve("whole"), false);
        List<Path> parts = new ArrayList<>(List.of(dir.resolve("a"), dir.resolve("b")));
        DumpStatistics split;
        try (ElfVmcore v = ElfVmcore.open(vmcore)) {
            split = new KdumpDumper(writer("raw", 1)).toSplitFiles(v, parts, false);
        }
        assertEquals(whole.writtenPages(), split.writtenPages());
        assertEquals(whole.excluded(), split.excluded());
        assertTrue(split.complete());
    }

    @Test
    void aMissingPartIsNamed() throws Exception {
        List<Path> parts = split(TestVmcores.write(dir), "raw", 0, 3);
        FormatException e = assertThrows(FormatException.class,
                () -> KdumpReassembler.toFile(List.of(parts.get(0), parts.get(2)), dir.resolve("joined"), false));
        assertTrue(e.getMessage().contains("no part holds pfns"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("joined")));
        FormatException twice = assertThrows(FormatException.class, () -> KdumpVmcore.openSplit(
                List.of(parts.get(0), parts.get(1), parts.get(1), parts.get(2))));
        assertTrue(twice.getMessage().contains("no part holds pfns"), twice.getMessage());
    }

    @Test
    void aWholeDumpIsNoPart() throws Exception {
        Path vmcore = TestVmcores.write(dir);
        Path whole = dir.resolve("whole");
        new KdumpDumper(writer("raw", 0)).toFile(vmcore, whole, false);
        List<Path> parts = split(vmcore, "raw", 0, 2);
        FormatException e = assertThrows(FormatException.class,
                () -> KdumpReassembler.toFile(List.of(parts.get(0), whole), dir.resolve("joined"), false));
        assertTrue(e.getMessage().contains("not a part of a split dump"), e.getMessage());
    }
}
