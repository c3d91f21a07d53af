package org.kexkit.dump.filter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kexkit.dump.filter.SyntheticKernel.anonMapping;
import static org.kexkit.dump.filter.SyntheticKernel.flag;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.dump.elf.ElfVmcore;
import org.kexkit.dump.input.VmcoreSources;
import org.kexkit.dump.kdump.KdumpDumper;
import org.kexkit.dump.kdump.KdumpOptions;
import org.kexkit.dump.kdump.KdumpReader;
import org.kexkit.dump.kdump.KdumpVmcore;
import org.kexkit.dump.kdump.KdumpWriter;
import org.kexkit.dump.source.VmcoreSource;
import org.kexkit.dump.write.DumpStatistics;

/**
 * Filtering a kdump file again (makedumpfile's re-filtering): the classes found
 * through the dump's own VMCOREINFO and pages equal those of the ELF vmcore,
 * pages the input left out stay out, and its level counts.
 */
class RefilterTest {
    @TempDir
    Path dir;

    private static SyntheticKernel kernel() {
        SyntheticKernel k = new SyntheticKernel(false).kernelFreePages(4);
        k.page(30).flags(flag(SyntheticKernel.PG_LRU));
        k.page(31).flags(flag(SyntheticKernel.PG_LRU) | flag(SyntheticKernel.PG_PRIVATE));
        k.page(34).mapping(anonMapping());
        k.page(36).mapcount(SyntheticKernel.BUDDY_6_1).privateData(2);
        return k;
    }

    private Path dump(Path source, String name, int level) throws Exception {
        Path out = dir.resolve(name);
        try (VmcoreSource v = VmcoreSources.open(source)) {
            PageFilter filter = new DumpLevel(level).needsPageClasses()
                    ? VmcoreClassifier.classify(v, new DumpLevel(level | v.dumpLevel())) : PageFilter.KEEP_ALL;
            new KdumpDumper(new KdumpWriter(new KdumpOptions(Optional.empty(), level | v.dumpLevel(), 1, filter)))
                    .toFile(v, out, false);
        }
        return out;
    }

    @Test
    void level31FromALevel1DumpEqualsLevel31FromTheVmcore() throws Exception {
        Path vmcore = kernel().write(dir);
        Path d1 = dump(vmcore, "d1", 1);
        Path direct = dump(vmcore, "direct31", 31);
        Path again = dump(d1, "again31", 31);
        assertArrayEquals(Files.readAllBytes(direct), Files.readAllBytes(again));
        try (KdumpVmcore v = KdumpVmcore.open(d1); ElfVmcore e = ElfVmcore.open(vmcore)) {
            assertEquals(1, v.dumpLevel());
            assertEquals(e.identity(), v.identity());
            assertEquals(e.cpuCount(), v.cpuCount());
            assertArrayEquals(e.noteBytes(), v.noteBytes());
            assertEquals(e.memory().runs().size(), v.memory().runs().size());
            PageClassification fromDump = VmcoreClassifier.classify(v, new DumpLevel(31));
            PageClassification fromElf = VmcoreClassifier.classify(e, new DumpLevel(31));
            for (long pfn = 0; pfn < SyntheticKernel.MAX_MAPNR; pfn++) {
                assertEquals(fromElf.exclusion(pfn), fromDump.exclusion(pfn), "pfn " + pfn);
            }
        }
    }

    @Test
    void pagesTheInputLeftOutStayOutAndItsLevelIsOredIn() throws Exception {
        Path vmcore = kernel().write(dir);
        Path d16 = dump(vmcore, "d16", 16);
        Path again = dump(d16, "again2", 2);
        try (KdumpReader r = KdumpReader.open(again)) {
            assertEquals(18, r.subHeader().dumpLevel());
            for (long pfn = 36; pfn < 40; pfn++) {
                assertFalse(r.dumped(pfn), "free pfn " + pfn);
            }
            assertFalse(r.dumped(30), "non-private cache at level 2");
            assertTrue(r.dumped(31), "private cache stays at level 2");
            assertTrue(r.dumped(34), "user data stays at level 2");
        }
    }

    @Test
    void pagesLeftOutByTheInputAreCountedApartWhenNoClassTakesThem() throws Exception {
        Path vmcore = kernel().write(dir);
        Path d16 = dump(vmcore, "d16", 16);
        Path out = dir.resolve("again0");
        try (KdumpVmcore v = KdumpVmcore.open(d16)) {
            // level 0 classifies nothing: the 4 free pages are left out as the input's own exclusion
            DumpStatistics s = new KdumpDumper(new KdumpWriter(KdumpOptions.of(Optional.empty(), 0)))
                    .toFile(v, out, false);
            assertEquals(4, s.excluded(ExclusionClass.NOT_IN_SOURCE));
            assertEquals(0, s.excluded(ExclusionClass.FREE));
        }
        try (KdumpReader r = KdumpReader.open(out)) {
            assertFalse(r.dumped(36));
            assertTrue(r.inMemory(36));
        }
    }

    @Test
    void kdumpPagesReadBackAsTheVmcoresPages() throws Exception {
        Path vmcore = kernel().write(dir);
        Path d1 = dump(vmcore, "d1", 1);
        try (KdumpVmcore v = KdumpVmcore.open(d1); ElfVmcore e = ElfVmcore.open(vmcore);
                VmcoreSource.PageReader fromDump = v.pageReader(false); VmcoreSource.PageReader fromElf = e.pageReader(false)) {
            byte[] a = new byte[4096];
            byte[] b = new byte[4096];
            for (long pfn = 0; pfn < SyntheticKernel.MAX_MAPNR; pfn++) {
                assertEquals(e.memory().backed(pfn), v.memory().backed(pfn), "pfn " + pfn);
                if (e.memory().backed(pfn)) {
                    fromDump.read(pfn, a, 0);
                    fromElf.read(pfn, b, 0);
                    assertArrayEquals(b, a, "pfn " + pfn);
                }
            }
        }
    }
}
