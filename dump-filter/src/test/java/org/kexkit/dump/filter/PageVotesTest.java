package org.kexkit.dump.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kexkit.dump.filter.SyntheticKernel.anonMapping;
import static org.kexkit.dump.filter.SyntheticKernel.flag;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.bin.LittleEndian;
import org.kexkit.dump.elf.ElfVmcore;
import org.kexkit.extension.Vote;

/** Extensions' votes against the dump level: keep before every test, drop last and one page only. */
class PageVotesTest {
    @TempDir
    Path dir;

    private final Set<Long> asked = new HashSet<>();

    private PageClassification classify(SyntheticKernel k, int level, Map<Long, Vote> votes) throws Exception {
        asked.clear();
        try (ElfVmcore v = ElfVmcore.open(k.write(dir))) {
            return VmcoreClassifier.classify(v, new DumpLevel(level), v.memory().runs(), (pfn, pages, at, size) -> {
                asked.add(pfn);
                assertEquals(SyntheticKernel.SIZE_PAGE, size);
                return votes.getOrDefault(pfn, Vote.NO_OPINION);
            });
        }
    }

    private static long count(PageClassification c, ExclusionClass why) {
        long n = 0;
        for (long pfn = 0; pfn < SyntheticKernel.MAX_MAPNR; pfn++) {
            n += c.exclusion(pfn) == why ? 1 : 0;
        }
        return n;
    }

    @Test
    void keepWinsOverTheDumpLevel() throws Exception {
        SyntheticKernel k = new SyntheticKernel(false);
        k.page(34).flags(flag(SyntheticKernel.PG_LRU)).mapping(anonMapping());
        assertEquals(ExclusionClass.USER, classify(k, 31, Map.of()).exclusion(34));
        assertEquals(ExclusionClass.NONE, classify(k, 31, Map.of(34L, Vote.KEEP)).exclusion(34));
    }

    @Test
    void dropActsOnlyWhereNoDumpLevelTestExcluded() throws Exception {
        SyntheticKernel k = new SyntheticKernel(false);
        k.page(30).flags(flag(SyntheticKernel.PG_LRU)).mapping(SyntheticKernel.PAGE_OFFSET + 0x5000);
        PageClassification c = classify(k, 8, Map.of(30L, Vote.DROP, 31L, Vote.DROP));
        assertEquals(ExclusionClass.EXTENSION, c.exclusion(30), "cache page kept by level 8, dropped by the vote");
        assertEquals(ExclusionClass.EXTENSION, c.exclusion(31));
        assertEquals(ExclusionClass.NONE, c.exclusion(32));
        assertEquals(2, count(c, ExclusionClass.EXTENSION));
        // at level 2 the level excludes the cache page first: it is counted there, not as the extension's
        c = classify(k, 2, Map.of(30L, Vote.DROP));
        assertEquals(ExclusionClass.NON_PRIVATE_CACHE, c.exclusion(30));
        assertEquals(0, count(c, ExclusionClass.EXTENSION));
    }

    @Test
    void theRestOfADecidedBlockIsNotAskedAndAKeptHeadKeepsItsBlock() throws Exception {
        SyntheticKernel k = new SyntheticKernel(false).kernelFreePages(4);
        k.page(36).mapcount(SyntheticKernel.BUDDY_6_1).privateData(2);
        PageClassification c = classify(k, 16, Map.of(36L, Vote.DROP, 37L, Vote.DROP));
        assertEquals(ExclusionClass.FREE, c.exclusion(37));
        assertTrue(asked.contains(36L));
        assertFalse(asked.contains(37L), "makedumpfile skips the rest of a free block too");
        c = classify(k, 16, Map.of(36L, Vote.KEEP));
        for (long pfn = 36; pfn < 40; pfn++) {
            assertEquals(ExclusionClass.NONE, c.exclusion(pfn), "pfn " + pfn);
        }
    }

    @Test
    void theVoterSeesEachPfnsStructPage() throws Exception {
        SyntheticKernel k = new SyntheticKernel(false);
        k.page(33).flags(flag(SyntheticKernel.PG_SLAB));
        Set<Long> slab = new HashSet<>();
        try (ElfVmcore v = ElfVmcore.open(k.write(dir))) {
            VmcoreClassifier.classify(v, new DumpLevel(31), v.memory().runs(), (pfn, pages, at, size) -> {
                if ((LittleEndian.u64(pages, at) & flag(SyntheticKernel.PG_SLAB)) != 0) {
                    slab.add(pfn);
                }
                return Vote.NO_OPINION;
            }).close();
        }
        assertEquals(Set.of(33L), slab);
    }
}
