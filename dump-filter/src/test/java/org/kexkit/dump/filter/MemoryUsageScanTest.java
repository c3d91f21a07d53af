package org.kexkit.dump.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kexkit.dump.filter.SyntheticKernel.PAGE;
import static org.kexkit.dump.filter.SyntheticKernel.anonMapping;
import static org.kexkit.dump.filter.SyntheticKernel.flag;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.bin.PhysRange;
import org.kexkit.dump.usage.MemoryUsage;
import org.kexkit.dump.usage.MemoryUsageReader;

/**
 * --mem-usage over a /proc/kcore-like core of the synthetic kernel: one page or block of each
 * class, a crash kernel reservation cut out, the text load overlapping RAM and a vmalloc load
 * without a physical address left out, zero pages counted among the kept ones only.
 */
class MemoryUsageScanTest {
    static final long CRASH_FIRST = 136;
    static final long CRASH_END = 144;
    static final Set<Long> CLASSIFIED = Set.of(40L, 41L, 42L, 43L, 44L, 130L);

    @TempDir
    Path dir;

    private static SyntheticKernel kernel() {
        SyntheticKernel k = new SyntheticKernel(false).kernelFreePages(2);
        k.page(40).mapcount(SyntheticKernel.BUDDY_6_1).privateData(1);
        k.page(42).flags(flag(SyntheticKernel.PG_LRU)).mapping(SyntheticKernel.PAGE_OFFSET + 0x5000);
        k.page(43).flags(flag(SyntheticKernel.PG_LRU) | flag(SyntheticKernel.PG_PRIVATE));
        k.page(44).flags(flag(SyntheticKernel.PG_LRU)).mapping(anonMapping());
        k.page(130).flags(flag(SyntheticKernel.PG_HWPOISON));
        Arrays.fill(k.low, 50 * PAGE, 54 * PAGE, (byte) 1);
        Arrays.fill(k.high, (int) (150 - SyntheticKernel.HIGH_START) * PAGE, (int) (156 - SyntheticKernel.HIGH_START) * PAGE,
                (byte) 1);
        return k;
    }

    /** Zero pages among the pages a level 31 dump keeps, from the RAM arrays themselves. */
    private static long zeroKeptPages(SyntheticKernel k, boolean withoutCrash) {
        long n = 0;
        for (long pfn = 0; pfn < SyntheticKernel.MAX_MAPNR; pfn++) {
            boolean crash = withoutCrash && pfn >= CRASH_FIRST && pfn < CRASH_END;
            if (!SyntheticKernel.backed(pfn) || crash || CLASSIFIED.contains(pfn)) {
                continue;
            }
            byte[] ram = pfn < SyntheticKernel.LOW_PAGES ? k.low : k.high;
            int at = (int) ((pfn < SyntheticKernel.LOW_PAGES ? pfn : pfn - SyntheticKernel.HIGH_START) * PAGE);
            if (Arrays.mismatch(ram, at, at + PAGE, new byte[PAGE], 0, PAGE) < 0) {
                n++;
            }
        }
        return n;
    }

    @Test
    void kcoreLikeCoreWithoutTheCrashReservation() throws Exception {
        SyntheticKernel k = kernel();
        Path kcore = k.writeKcore(dir);
        MemoryUsage u = MemoryUsageReader.read(kcore, List.of(PhysRange.inclusive(CRASH_FIRST * PAGE, CRASH_END * PAGE - 1)));
        assertEquals(List.of(), u.warnings());
        assertEquals(96 - 8, u.totalPages(), "RAM pages less the crash reservation, the text load not counted twice");
        assertEquals(2, u.free());
        assertEquals(1, u.nonPrivateCache());
        assertEquals(1, u.privateCache());
        assertEquals(1, u.user());
        assertEquals(1, u.hwpoison());
        long zero = zeroKeptPages(k, true);
        assertEquals(zero, u.zero(), "pfns 16-23 read through RAM (zero), not the 0xff text load");
        assertEquals(88 - 6 - zero, u.kernelData());
        assertEquals(88L * PAGE, u.totalBytes());
    }

    @Test
    void savedVmcoreCountsAllItsMemory() throws Exception {
        SyntheticKernel k = kernel();
        MemoryUsage u = MemoryUsageReader.read(k.write(dir), List.of());
        assertEquals(96, u.totalPages());
        assertEquals(zeroKeptPages(k, false), u.zero());
        assertEquals(96 - 6 - u.zero(), u.kernelData());
    }
}
