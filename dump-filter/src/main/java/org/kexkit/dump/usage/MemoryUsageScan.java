package org.kexkit.dump.usage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.kexkit.bin.FormatException;
import org.kexkit.bin.PhysicalMemory;
import org.kexkit.dump.filter.DumpLevel;
import org.kexkit.dump.filter.ExclusionClass;
import org.kexkit.dump.filter.PageClassification;
import org.kexkit.dump.filter.PageScanner;
import org.kexkit.dump.memory.KernelMemoryModel;
import org.kexkit.dump.source.PfnRun;
import org.kexkit.dump.source.PhysicalMemoryMap;

/**
 * makedumpfile --mem-usage's counting (show_mem_usage): every page classified at dump level
 * 31 from its struct page, then each page a level 31 dump would still keep read and counted as
 * ZERO if all its bytes are zero (exclude_zero_pages_cyclic runs after the struct page pass,
 * so a free or cache page is never a zero page).
 */
public final class MemoryUsageScan {
    /** Pages read at once when looking for zero pages. */
    static final int CHUNK_PAGES = 256;

    private MemoryUsageScan() {
    }

    public static MemoryUsage scan(PhysicalMemory memory, PhysicalMemoryMap map, KernelMemoryModel model)
            throws IOException, FormatException {
        int pageSize = map.pageSize();
        PageClassification classes = new PageScanner(model, map.maxMapnr(), pageSize)
                .scan(map.runs(), new DumpLevel(DumpLevel.PAGE_CLASSES));
        long[] counts = new long[ExclusionClass.values().length];
        ZeroCounter zeros = new ZeroCounter(memory, pageSize);
        for (PfnRun run : map.runs()) {
            for (long pfn = run.start(); pfn < run.end(); pfn++) {
                ExclusionClass c = classes.exclusion(pfn);
                if (c == ExclusionClass.NONE) {
                    zeros.add(pfn);
                } else {
                    counts[c.ordinal()]++;
                }
            }
        }
        zeros.flush();
        List<String> warnings = new ArrayList<>(classes.warnings());
        if (zeros.unreadable > 0) {
            warnings.add(zeros.unreadable + " pages could not be read from " + memory.name()
                    + "; counted as kernel data");
        }
        return new MemoryUsage(pageSize, map.backedPages(), zeros.zero, counts[ExclusionClass.NON_PRIVATE_CACHE.ordinal()],
                counts[ExclusionClass.PRIVATE_CACHE.ordinal()], counts[ExclusionClass.USER.ordinal()],
                counts[ExclusionClass.FREE.ordinal()], counts[ExclusionClass.HWPOISON.ordinal()],
                counts[ExclusionClass.OFFLINE.ordinal()], zeros.unreadable, warnings);
    }

    /** Reads runs of consecutive kept pfns in chunks and counts the all-zero pages. */
    private static final class ZeroCounter {
        private final PhysicalMemory memory;
        private final int pageSize;
        private final byte[] chunk;
        private final byte[] zeroPage;
        private long first = -1;
        private int count;
        long zero;
        long unreadable;

        ZeroCounter(PhysicalMemory memory, int pageSize) {
            this.memory = memory;
            this.pageSize = pageSize;
            this.chunk = new byte[CHUNK_PAGES * pageSize];
            this.zeroPage = new byte[pageSize];
        }

        void add(long pfn) throws IOException {
            if (count > 0 && (pfn != first + count || count == CHUNK_PAGES)) {
                flush();
            }
            if (count == 0) {
                first = pfn;
            }
            count++;
        }

        void flush() throws IOException {
            if (count == 0) {
                return;
            }
            if (memory.read(first * pageSize, chunk, 0, count * pageSize)) {
                for (int i = 0; i < count; i++) {
                    if (isZero(i * pageSize)) {
                        zero++;
                    }
                }
            } else {
                for (int i = 0; i < count; i++) { // some page is missing: find which, page by page
                    if (!memory.read((first + i) * pageSize, chunk, 0, pageSize)) {
                        unreadable++;
                    } else if (isZero(0)) {
                        zero++;
                    }
                }
            }
            count = 0;
        }

        private boolean isZero(int at) {
            return Arrays.mismatch(chunk, at, at + pageSize, zeroPage, 0, pageSize) < 0;
        }
    }
}
