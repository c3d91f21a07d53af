package org.kexkit.dump.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kexkit.dump.filter.SyntheticKernel.flag;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.dump.elf.ElfVmcore;

/**
 * Classifying a window of pfns at a time gives every pfn the class of one whole pass, with
 * blocks (buddy, compound) that start in one window and end in a later one, asked in any order.
 */
class WindowedClassificationTest {
    @TempDir
    Path dir;

    private static SyntheticKernel mixed() {
        SyntheticKernel k = new SyntheticKernel(false).kernelFreePages(52);
        k.page(20).flags(flag(SyntheticKernel.PG_LRU)).mapping(SyntheticKernel.PAGE_OFFSET + 0x5000);
        k.page(21).mapping(SyntheticKernel.anonMapping());
        k.page(22).flags(flag(SyntheticKernel.PG_LRU) | flag(SyntheticKernel.PG_PRIVATE));
        k.page(24).mapcount(SyntheticKernel.BUDDY_6_1).privateData(2);
        k.page(32).mapcount(SyntheticKernel.BUDDY_6_1).privateData(5);
        k.page(128).mapcount(SyntheticKernel.BUDDY_6_1).privateData(4);
        long headStruct = SyntheticKernel.VMEMMAP + 144 * SyntheticKernel.SIZE_PAGE;
        k.page(144).flags(flag(SyntheticKernel.PG_HEAD)).mapping(SyntheticKernel.anonMapping());
        k.page(145).compoundHead(headStruct | 1).byteAt(17, 2);
        for (long t = 146; t < 148; t++) {
            k.page(t).compoundHead(headStruct | 1);
        }
        k.page(150).flags(flag(SyntheticKernel.PG_HWPOISON));
        return k;
    }

    private static List<ExclusionClass> all(PageFilter f, boolean descending) {
        List<ExclusionClass> out = new ArrayList<>();
        for (long i = 0; i < SyntheticKernel.MAX_MAPNR; i++) {
            out.add(null);
        }
        for (long i = 0; i < SyntheticKernel.MAX_MAPNR; i++) {
            long pfn = descending ? SyntheticKernel.MAX_MAPNR - 1 - i : i;
            out.set((int) pfn, f.exclusion(pfn));
        }
        return out;
    }

    @Test
    void everyWindowSizeGivesTheClassesOfOnePass() throws Exception {
        Path vmcore = mixed().write(dir);
        for (int level : new int[] {2, 8, 16, 31}) {
            try (ElfVmcore v = ElfVmcore.open(vmcore);
                    PageClassification whole = VmcoreClassifier.classify(v, new DumpLevel(level))) {
                List<ExclusionClass> expected = all(whole, false);
                assertEquals(1, whole.windowsClassified());
                for (long window : new long[] {1, 7, 16, 33, 100, 512}) {
                    try (PageClassification c = VmcoreClassifier.classify(v, new DumpLevel(level), v.memory().runs(), PageVotes.NONE, window)) {
                        String what = "level " + level + ", window " + window;
                        assertEquals(whole.warnings(), c.warnings(), what);
                        assertEquals(whole.buddyPages(), c.buddyPages(), what);
                        assertEquals(whole.uncertainPages(), c.uncertainPages(), what);
                        assertEquals(whole.noStructPage(), c.noStructPage(), what);
                        assertEquals(expected, all(c, false), what + ", ascending");
                        assertEquals(expected, all(c, false), what + ", a second pass");
                        assertEquals(expected, all(c, true), what + ", descending");
                    }
                }
            }
        }
    }

    @Test
    void blocksCrossWindows() throws Exception {
        try (ElfVmcore v = ElfVmcore.open(mixed().write(dir));
                PageClassification c = VmcoreClassifier.classify(v, new DumpLevel(31), v.memory().runs(), PageVotes.NONE, 7)) {
            for (long pfn = 32; pfn < 64; pfn++) {
                assertEquals(ExclusionClass.FREE, c.exclusion(pfn), "pfn " + pfn);
            }
            for (long pfn = 144; pfn < 148; pfn++) {
                assertEquals(ExclusionClass.USER, c.exclusion(pfn), "pfn " + pfn);
            }
            assertEquals(ExclusionClass.NONE, c.exclusion(148));
            assertEquals(ExclusionClass.HWPOISON, c.exclusion(150));
            assertEquals(52, c.buddyPages());
        }
    }
}
