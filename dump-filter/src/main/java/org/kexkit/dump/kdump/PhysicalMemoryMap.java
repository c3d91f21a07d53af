package org.kexkit.dump.kdump;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.kexkit.elfcore.ProgramHeader;

/**
 * Which pfns a vmcore holds (makedumpfile's 1st bitmap) and, for an ELF vmcore,
 * in which PT_LOAD. A pfn belongs to a
 * PT_LOAD when it lies in [p_paddr >> shift, (p_paddr + p_memsz) >> shift), as
 * makedumpfile's create_1st_bitmap counts it; where PT_LOADs overlap (kernel
 * text inside a RAM range) the first in the table wins, as paddr_to_offset picks it.
 * max_mapnr is the highest PT_LOAD end rounded up to a page (get_max_mapnr).
 */
public final class PhysicalMemoryMap {
    private final int pageShift;
    private final List<PfnRun> runs;
    private final long maxMapnr;

    private PhysicalMemoryMap(int pageShift, List<PfnRun> runs, long maxMapnr) {
        this.pageShift = pageShift;
        this.runs = runs;
        this.maxMapnr = maxMapnr;
    }

    public static PhysicalMemoryMap of(List<ProgramHeader> loads, int pageSize) {
        int shift = Integer.numberOfTrailingZeros(pageSize);
        List<PfnRun> runs = new ArrayList<>();
        long maxEnd = 0;
        for (ProgramHeader load : loads) {
            maxEnd = Math.max(maxEnd, load.paddr() + load.memsz());
            long start = load.paddr() >>> shift;
            long end = (load.paddr() + load.memsz()) >>> shift;
            for (long[] piece : subtract(start, end, runs)) {
                runs.add(new PfnRun(piece[0], piece[1], load));
            }
        }
        runs.sort(Comparator.comparingLong(PfnRun::start));
        long maxMapnr = (maxEnd + pageSize - 1) >>> shift;
        return new PhysicalMemoryMap(shift, List.copyOf(runs), maxMapnr);
    }

    /**
     * For a source without PT_LOADs (a kdump-compressed file): disjoint,
     * ascending runs whose {@link PfnRun#load()} is null, and max_mapnr as the file says.
     */
    public static PhysicalMemoryMap ofRuns(List<PfnRun> runs, long maxMapnr, int pageSize) {
        return new PhysicalMemoryMap(Integer.numberOfTrailingZeros(pageSize), List.copyOf(runs), maxMapnr);
    }

    /** The parts of [start, end) not covered by any of {@code taken}. */
    private static List<long[]> subtract(long start, long end, List<PfnRun> taken) {
        List<long[]> pieces = new ArrayList<>();
        if (start < end) {
            pieces.add(new long[] {start, end});
        }
        for (PfnRun t : taken) {
            List<long[]> next = new ArrayList<>();
            for (long[] p : pieces) {
                if (t.end() <= p[0] || t.start() >= p[1]) {
                    next.add(p);
                    continue;
                }
                if (p[0] < t.start()) {
                    next.add(new long[] {p[0], t.start()});
                }
                if (t.end() < p[1]) {
                    next.add(new long[] {t.end(), p[1]});
                }
            }
            pieces = next;
        }
        return pieces;
    }

    /** Disjoint, ascending. */
    public List<PfnRun> runs() {
        return runs;
    }

    public long maxMapnr() {
        return maxMapnr;
    }

    public int pageShift() {
        return pageShift;
    }

    public int pageSize() {
        return 1 << pageShift;
    }

    /** True if {@code pfn} lies in some run (not a memory hole). */
    public boolean backed(long pfn) {
        return runIndex(pfn) >= 0;
    }

    /** The index in {@link #runs()} of the run holding {@code pfn}, or -1 in a memory hole. */
    public int runIndex(long pfn) {
        int lo = 0;
        int hi = runs.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            PfnRun r = runs.get(mid);
            if (pfn < r.start()) {
                hi = mid - 1;
            } else if (pfn >= r.end()) {
                lo = mid + 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** Pfns inside some PT_LOAD ("Original pages" before holes are taken away). */
    public long backedPages() {
        return runs.stream().mapToLong(PfnRun::pages).sum();
    }

    /** Sets, in {@code bits} (pfn {@code from} = bit 0), every backed pfn of [from, from + count). */
    public void fillBitmap(long from, int count, byte[] bits) {
        long to = from + count;
        for (PfnRun run : runs) {
            long s = Math.max(run.start(), from);
            long e = Math.min(run.end(), to);
            for (long pfn = s; pfn < e; pfn++) {
                int i = (int) (pfn - from);
                bits[i >>> 3] |= (byte) (1 << (i & 7));
            }
        }
    }
}
