package org.kexkit.dump.source;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.kexkit.bin.PhysRange;

/**
 * Which pfns a vmcore holds (makedumpfile's 1st bitmap), as disjoint ascending runs, each
 * remembering which of the source's memory ranges it came from. Built from byte ranges in the
 * source's order: a pfn belongs to a range when it lies in [start >> shift, end >> shift), as
 * makedumpfile's create_1st_bitmap counts a PT_LOAD; where ranges overlap (kernel text inside a
 * RAM range) the first wins, as paddr_to_offset picks it. max_mapnr is the highest range end
 * rounded up to a page (get_max_mapnr).
 */
public final class PhysicalMemoryMap {
    private final int pageShift;
    private final List<PfnRun> runs;
    /** For each run, the index of the range it came from (-1 for maps made of runs). */
    private final int[] origins;
    private final long maxMapnr;

    private PhysicalMemoryMap(int pageShift, List<PfnRun> runs, int[] origins, long maxMapnr) {
        this.pageShift = pageShift;
        this.runs = runs;
        this.origins = origins;
        this.maxMapnr = maxMapnr;
    }

    /** The pfns of {@code ranges}, the first range winning where they overlap. */
    public static PhysicalMemoryMap of(List<PhysRange> ranges, int pageSize) {
        int shift = Integer.numberOfTrailingZeros(pageSize);
        record Piece(PfnRun run, int origin) {
        }
        List<Piece> pieces = new ArrayList<>();
        List<PfnRun> taken = new ArrayList<>();
        long maxEnd = 0;
        for (int i = 0; i < ranges.size(); i++) {
            PhysRange range = ranges.get(i);
            maxEnd = Math.max(maxEnd, range.end());
            for (long[] piece : subtract(range.start() >>> shift, range.end() >>> shift, taken)) {
                PfnRun run = new PfnRun(piece[0], piece[1]);
                taken.add(run);
                pieces.add(new Piece(run, i));
            }
        }
        pieces.sort(Comparator.comparingLong(p -> p.run().start()));
        long maxMapnr = (maxEnd + pageSize - 1) >>> shift;
        return new PhysicalMemoryMap(shift, pieces.stream().map(Piece::run).toList(),
                pieces.stream().mapToInt(Piece::origin).toArray(), maxMapnr);
    }

    /**
     * For a source that lists its pfns itself (a kdump-compressed file's 1st bitmap): disjoint,
     * ascending runs, and max_mapnr as the file says.
     */
    public static PhysicalMemoryMap ofRuns(List<PfnRun> runs, long maxMapnr, int pageSize) {
        int[] none = new int[runs.size()];
        Arrays.fill(none, -1);
        return new PhysicalMemoryMap(Integer.numberOfTrailingZeros(pageSize), List.copyOf(runs), none, maxMapnr);
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

    /** The index, in the ranges the map was made of, of the range run {@code runIndex} came from. */
    public int origin(int runIndex) {
        return origins[runIndex];
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
            if (s >= e) {
                continue;
            }
            // whole bytes at once in the middle of a run: a 16 GiB machine has 4 million pfns
            int i = (int) (s - from);
            int end = (int) (e - from);
            for (; i < end && (i & 7) != 0; i++) {
                bits[i >>> 3] |= (byte) (1 << (i & 7));
            }
            int whole = end & ~7;
            if (i < whole) {
                Arrays.fill(bits, i >>> 3, whole >>> 3, (byte) 0xff);
                i = whole;
            }
            for (; i < end; i++) {
                bits[i >>> 3] |= (byte) (1 << (i & 7));
            }
        }
    }
}
