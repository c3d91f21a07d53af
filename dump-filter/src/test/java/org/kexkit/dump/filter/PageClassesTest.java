package org.kexkit.dump.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kexkit.dump.filter.SyntheticKernel.anonMapping;
import static org.kexkit.dump.filter.SyntheticKernel.flag;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.elf.ElfVmcore;
import org.kexkit.dump.kdump.KdumpDumper;
import org.kexkit.dump.kdump.KdumpOptions;
import org.kexkit.dump.kdump.KdumpReader;
import org.kexkit.dump.kdump.KdumpWriter;
import org.kexkit.dump.write.DumpStatistics;

/** One page class per test on synthetic vmcores (REFERENCE 2.2-2.4), and bad VMCOREINFO as one line. */
class PageClassesTest {
    @TempDir
    Path dir;

    private PageClassification classify(SyntheticKernel k, int level) throws Exception {
        try (ElfVmcore v = ElfVmcore.open(k.write(dir))) {
            return VmcoreClassifier.classify(v, new DumpLevel(level));
        }
    }

    private static SyntheticKernel k61() {
        return new SyntheticKernel(false);
    }

    @Test
    void nonPrivateCacheGoesAtLevel2() throws Exception {
        SyntheticKernel k = k61();
        k.page(30).flags(flag(SyntheticKernel.PG_LRU)).mapping(SyntheticKernel.PAGE_OFFSET + 0x5000);
        assertEquals(ExclusionClass.NON_PRIVATE_CACHE, classify(k, 2).exclusion(30));
        assertEquals(ExclusionClass.NONE, classify(k, 8).exclusion(30));
    }

    @Test
    void privateCacheStaysAtLevel2AndGoesAtLevel4() throws Exception {
        SyntheticKernel k = k61();
        k.page(31).flags(flag(SyntheticKernel.PG_LRU) | flag(SyntheticKernel.PG_PRIVATE));
        assertEquals(ExclusionClass.NONE, classify(k, 2).exclusion(31));
        assertEquals(ExclusionClass.PRIVATE_CACHE, classify(k, 4).exclusion(31));
    }

    @Test
    void swapCacheCountsOnlyWhenSwapBacked() throws Exception {
        SyntheticKernel k = k61();
        k.page(32).flags(flag(SyntheticKernel.PG_SWAPCACHE));
        k.page(33).flags(flag(SyntheticKernel.PG_SWAPCACHE) | flag(SyntheticKernel.PG_SWAPBACKED));
        PageClassification c = classify(k, 2);
        assertEquals(ExclusionClass.NONE, c.exclusion(32));
        assertEquals(ExclusionClass.NON_PRIVATE_CACHE, c.exclusion(33));
    }

    @Test
    void anonPagesAreUserDataAtLevel8NotCache() throws Exception {
        SyntheticKernel k = k61();
        k.page(34).flags(flag(SyntheticKernel.PG_LRU)).mapping(anonMapping());
        assertEquals(ExclusionClass.NONE, classify(k, 6).exclusion(34));
        assertEquals(ExclusionClass.USER, classify(k, 8).exclusion(34));
    }

    @Test
    void slabWithLowMappingBitIsKept() throws Exception {
        SyntheticKernel k = k61();
        k.page(35).flags(flag(SyntheticKernel.PG_SLAB)).mapping(anonMapping());
        assertEquals(ExclusionClass.NONE, classify(k, 31).exclusion(35));
    }

    @Test
    void buddyBlockGoesWholeAtLevel16() throws Exception {
        SyntheticKernel k = k61().kernelFreePages(4);
        k.page(36).mapcount(SyntheticKernel.BUDDY_6_1).privateData(2);
        PageClassification c = classify(k, 16);
        for (long pfn = 36; pfn < 40; pfn++) {
            assertEquals(ExclusionClass.FREE, c.exclusion(pfn), "pfn " + pfn);
        }
        assertEquals(ExclusionClass.NONE, c.exclusion(40));
        assertEquals(4, c.buddyPages());
        assertTrue(c.warnings().isEmpty(), c.warnings().toString());
        assertEquals(ExclusionClass.NONE, classify(k, 15).exclusion(36));
    }

    @Test
    void buddyOrderBeyondFreeAreaIsKept() throws Exception {
        SyntheticKernel k = k61();
        k.page(36).mapcount(SyntheticKernel.BUDDY_6_1).privateData(SyntheticKernel.FREE_AREA_ORDERS);
        assertEquals(ExclusionClass.NONE, classify(k, 16).exclusion(36));
    }

    @Test
    void anonCompoundPageGoesWithItsTails() throws Exception {
        SyntheticKernel k = k61();
        long headStruct = SyntheticKernel.VMEMMAP + 40 * SyntheticKernel.SIZE_PAGE;
        k.page(40).flags(flag(SyntheticKernel.PG_HEAD)).mapping(anonMapping());
        k.page(41).compoundHead(headStruct | 1).byteAt(17, 1); // compound_order in page[1]
        PageClassification c = classify(k, 8);
        assertEquals(ExclusionClass.USER, c.exclusion(40));
        assertEquals(ExclusionClass.USER, c.exclusion(41));
        assertEquals(ExclusionClass.NONE, c.exclusion(42));
    }

    @Test
    void hugetlbByCompoundDtorOn61() throws Exception {
        SyntheticKernel k = k61();
        long headStruct = SyntheticKernel.VMEMMAP + 44 * SyntheticKernel.SIZE_PAGE;
        k.page(44).flags(flag(SyntheticKernel.PG_HEAD)).mapping(SyntheticKernel.PAGE_OFFSET + 0x7000);
        k.page(45).compoundHead(headStruct | 1).byteAt(17, 2).byteAt(16, SyntheticKernel.HUGETLB_DTOR);
        for (long t = 46; t < 48; t++) {
            k.page(t).compoundHead(headStruct | 1);
        }
        PageClassification c = classify(k, 8);
        for (long pfn = 44; pfn < 48; pfn++) {
            assertEquals(ExclusionClass.USER, c.exclusion(pfn), "pfn " + pfn);
        }
    }

    @Test
    void compoundOrder63AtPfnZeroEndsAtTheLastPfn() throws Exception {
        // 2^63 pages is a negative long: the walk once went back from there and never ended (a fuzz finding)
        SyntheticKernel k = k61();
        k.page(0).flags(flag(SyntheticKernel.PG_HEAD)).mapping(anonMapping());
        k.page(1).byteAt(17, 63);
        PageClassification c = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> classify(k, 8));
        assertEquals(ExclusionClass.USER, c.exclusion(0));
        assertEquals(ExclusionClass.USER, c.exclusion(SyntheticKernel.HIGH_START + SyntheticKernel.HIGH_PAGES - 1));
    }

    @Test
    void misalignedCompoundOrderCountsAsOnePage() throws Exception {
        SyntheticKernel k = k61();
        k.page(49).flags(flag(SyntheticKernel.PG_HEAD)).mapping(anonMapping());
        k.page(50).byteAt(17, 1);
        PageClassification c = classify(k, 8);
        assertEquals(ExclusionClass.USER, c.exclusion(49));
        assertEquals(ExclusionClass.NONE, c.exclusion(50));
    }

    @Test
    void hwpoisonAndOfflineGoWheneverPagesAreClassified() throws Exception {
        SyntheticKernel k = k61();
        k.page(51).flags(flag(SyntheticKernel.PG_HWPOISON));
        k.page(52).mapcount(SyntheticKernel.OFFLINE_6_1);
        PageClassification c = classify(k, 2);
        assertEquals(ExclusionClass.HWPOISON, c.exclusion(51));
        assertEquals(ExclusionClass.OFFLINE, c.exclusion(52));
    }

    @Test
    void memoryHolesAreNeverClassified() throws Exception {
        SyntheticKernel k = k61();
        k.page(62).mapcount(SyntheticKernel.BUDDY_6_1).privateData(3); // 56..63 would be aligned; 62 is not a head of 8
        k.page(56).mapcount(SyntheticKernel.BUDDY_6_1).privateData(4); // 56..71 runs into the hole
        PageClassification c = classify(k, 16);
        assertEquals(ExclusionClass.FREE, c.exclusion(63));
        assertEquals(ExclusionClass.NONE, c.exclusion(64));
        assertEquals(ExclusionClass.NONE, c.exclusion(100));
    }

    @Test
    void pageTypesOf612CompareTheTopByte() throws Exception {
        SyntheticKernel k = new SyntheticKernel(true);
        k.page(36).mapcount(SyntheticKernel.PGTY_BUDDY | 0x12).privateData(1);
        k.page(38).mapcount(SyntheticKernel.PGTY_SLAB | 0x5).mapping(-1L); // slab: mapping bit 0 means nothing
        k.page(39).mapcount(SyntheticKernel.PGTY_OFFLINE);
        PageClassification c = classify(k, 31);
        assertEquals(ExclusionClass.FREE, c.exclusion(36));
        assertEquals(ExclusionClass.FREE, c.exclusion(37));
        assertEquals(ExclusionClass.NONE, c.exclusion(38));
        assertEquals(ExclusionClass.OFFLINE, c.exclusion(39));
        assertEquals(0, c.uncertainPages());
    }

    @Test
    void hugetlbByPageTypeWithFolioOrderIn69Plus() throws Exception {
        SyntheticKernel k = new SyntheticKernel(true);
        k.page(44).flags(1L << 6).mapcount(SyntheticKernel.PGTY_HUGETLB);
        k.page(45).flags(2).compoundHead((SyntheticKernel.VMEMMAP + 44 * 64) | 1); // folio order 2 in _flags_1
        PageClassification c = classify(k, 8);
        for (long pfn = 44; pfn < 48; pfn++) {
            assertEquals(ExclusionClass.USER, c.exclusion(pfn), "pfn " + pfn);
        }
    }

    @Test
    void anonLookingPageWithoutAKernelPointerIsKeptAsUncertain() throws Exception {
        SyntheticKernel k = new SyntheticKernel(true);
        k.page(53).mapping(0xffffffffffffffffL);
        k.page(54).mapping(0x0000000012345671L);
        PageClassification c = classify(k, 8);
        assertEquals(ExclusionClass.NONE, c.exclusion(53));
        assertEquals(ExclusionClass.NONE, c.exclusion(54));
        assertEquals(2, c.uncertainPages());
        assertTrue(c.warnings().get(0).contains("2 pages look like user data"), c.warnings().toString());
    }

    @Test
    void freeCountFarFromTheKernelsIsOneWarningLine() throws Exception {
        SyntheticKernel k = k61().kernelFreePages(100_000);
        k.page(36).mapcount(SyntheticKernel.BUDDY_6_1).privateData(2);
        PageClassification c = classify(k, 16);
        assertEquals(1, c.warnings().size());
        assertTrue(c.warnings().get(0).startsWith("warning: free pages disagree: the kernel's zone counters (NR_FREE_PAGES)"
                + " say 100000, the struct pages show 4"), c.warnings().get(0));
    }

    @Test
    void level31DumpLeavesOutEachClassAndCountsIt() throws Exception {
        SyntheticKernel k = k61().kernelFreePages(2);
        k.page(30).flags(flag(SyntheticKernel.PG_LRU));
        k.page(31).flags(flag(SyntheticKernel.PG_LRU) | flag(SyntheticKernel.PG_PRIVATE));
        k.page(34).mapping(anonMapping());
        k.page(36).mapcount(SyntheticKernel.BUDDY_6_1).privateData(1);
        Path vmcore = k.write(dir);
        PageClassification c;
        try (ElfVmcore v = ElfVmcore.open(vmcore)) {
            c = VmcoreClassifier.classify(v, new DumpLevel(31));
        }
        Path out = dir.resolve("dump");
        DumpStatistics s = new KdumpDumper(new KdumpWriter(new KdumpOptions(Optional.empty(), 31, 1, c)))
                .toFile(vmcore, out, false);
        assertEquals(1, s.excluded(ExclusionClass.NON_PRIVATE_CACHE));
        assertEquals(1, s.excluded(ExclusionClass.PRIVATE_CACHE));
        assertEquals(1, s.excluded(ExclusionClass.USER));
        assertEquals(2, s.excluded(ExclusionClass.FREE));
        try (KdumpReader r = KdumpReader.open(out)) {
            for (long pfn : new long[] {30, 31, 34, 36, 37}) {
                assertFalse(r.dumped(pfn), "pfn " + pfn);
            }
            assertTrue(r.dumped(35));
            assertTrue(r.dumped(SyntheticKernel.HIGH_START));
        }
    }

    @Test
    void classicSparsememSectionsSitInOneArray() throws Exception {
        // LENGTH(mem_section) = NR_MEM_SECTIONS: not EXTREME, sections contiguous at SYMBOL(mem_section)
        SyntheticKernel k = k61().vmcoreInfo("SYMBOL(mem_section)",
                Long.toHexString(SyntheticKernel.PAGE_OFFSET + (long) SyntheticKernel.SECTIONS * SyntheticKernel.PAGE))
                .vmcoreInfo("LENGTH(mem_section)", String.valueOf(1 << (46 - 27)));
        k.page(30).flags(flag(SyntheticKernel.PG_LRU));
        k.page(SyntheticKernel.HIGH_START + 1).mapping(anonMapping());
        PageClassification c = classify(k, 10);
        assertEquals(ExclusionClass.NON_PRIVATE_CACHE, c.exclusion(30));
        assertEquals(ExclusionClass.USER, c.exclusion(SyntheticKernel.HIGH_START + 1));
    }

    @Test
    void unacceptedMemoryIsFreeAtTheLargestOrder() throws Exception {
        SyntheticKernel k = new SyntheticKernel(true).vmcoreInfo("NUMBER(PAGE_UNACCEPTED_MAPCOUNT_VALUE)",
                String.valueOf(0xf7000000)).vmcoreInfo("LENGTH(zone.free_area)", "3");
        k.page(40).mapcount(0xf7000000);
        PageClassification c = classify(k, 16);
        for (long pfn = 40; pfn < 44; pfn++) {
            assertEquals(ExclusionClass.FREE, c.exclusion(pfn), "pfn " + pfn);
        }
        assertEquals(ExclusionClass.NONE, c.exclusion(44));
    }

    @Test
    void slabTypeOf610UsesTheInvertedBit() {
        PageTypeMatcher slab = PageTypeMatcher.ofSlab(java.util.OptionalLong.of(~0x1000)); // ~PG_slab
        assertTrue(slab.matches(~0x1000));
        assertTrue(slab.matches(~0x1000 & ~0x80)); // another cleared bit does not hide it
        assertFalse(slab.matches(-1));
        assertFalse(slab.matches(~0x80)); // a buddy page of that era
        PageTypeMatcher slab612 = PageTypeMatcher.ofSlab(java.util.OptionalLong.of(0xf5000000));
        assertTrue(slab612.matches(0xf5000012));
        assertFalse(slab612.matches(0xf0000000));
    }

    @Test
    void structPagesMissingFromTheVmcoreAreKeptWithAWarning() throws Exception {
        SyntheticKernel k = k61();
        // the third vmemmap PTE (struct pages of pfns 128..159) now points into the memory hole
        java.nio.ByteBuffer.wrap(k.low).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong(SyntheticKernel.PTE * SyntheticKernel.PAGE + 2 * 8, 0x50000L | 0x63);
        PageClassification c = classify(k, 31);
        assertEquals(SyntheticKernel.HIGH_PAGES, c.noStructPage());
        assertEquals(ExclusionClass.NONE, c.exclusion(SyntheticKernel.HIGH_START));
        assertTrue(c.warnings().stream().anyMatch(w -> w.startsWith("32 pages have no struct page")), c.warnings().toString());
    }

    // bad input: one line naming the file and the VMCOREINFO line's offset

    @Test
    void zeroSizePageIsOneLine() throws Exception {
        SyntheticKernel k = k61().vmcoreInfo("SIZE(page)", "0");
        FormatException e = assertThrows(FormatException.class, () -> classify(k, 31));
        assertTrue(e.getMessage().matches(".*vmcore: offset 0x[0-9a-f]+: SIZE\\(page\\): 0 is not a plausible struct page size"),
                e.getMessage());
        assertTrue(e.offset() > 0);
    }

    @Test
    void memSectionOutsideMemoryIsOneLine() throws Exception {
        SyntheticKernel k = k61().vmcoreInfo("SYMBOL(mem_section)", Long.toHexString(SyntheticKernel.PAGE_OFFSET + 0x50000));
        FormatException e = assertThrows(FormatException.class, () -> classify(k, 31));
        assertTrue(e.getMessage().endsWith("SYMBOL(mem_section): 0xffff888000050000 points outside the vmcore's memory"),
                e.getMessage());
    }

    @Test
    void missingPageFlagsOffsetIsOneLine() throws Exception {
        SyntheticKernel k = k61().vmcoreInfo("OFFSET(page.mapping)", null);
        FormatException e = assertThrows(FormatException.class, () -> classify(k, 2));
        assertTrue(e.getMessage().contains("OFFSET(page.mapping): missing"), e.getMessage());
    }

    @Test
    void mapcountOffsetBeyondStructPageIsOneLine() throws Exception {
        SyntheticKernel k = k61().vmcoreInfo("OFFSET(page._mapcount)", "4000");
        FormatException e = assertThrows(FormatException.class, () -> classify(k, 16));
        assertTrue(e.getMessage().endsWith("OFFSET(page._mapcount): 4000 lies outside SIZE(page)=64"), e.getMessage());
    }
}
