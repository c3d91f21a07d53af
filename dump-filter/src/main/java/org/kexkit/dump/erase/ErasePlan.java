package org.kexkit.dump.erase;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import org.kexkit.dump.write.PageEraser;

/**
 * The resolved erasure of a dump: physical ranges cut into per-page pieces, looked up by pfn for
 * every written page, and the eraseinfo text. Which pages are written is not its business: a
 * range on a page the dump leaves out erases nothing and is not counted.
 */
public final class ErasePlan implements PageEraser {
    private final int pageSize;
    private final List<EraseRange> ranges;
    private final byte[] eraseInfo;
    /** Pfns with something to erase, ascending; pieces[i] holds (offset, length, fill) triples for pfns[i]. */
    private final long[] pfns;
    private final int[][] pieces;
    private final LongAdder erased = new LongAdder();

    public ErasePlan(int pageSize, List<EraseRange> ranges, String eraseInfo) {
        this.pageSize = pageSize;
        this.ranges = List.copyOf(ranges);
        this.eraseInfo = eraseInfo.getBytes(StandardCharsets.ISO_8859_1);
        TreeMap<Long, List<int[]>> byPfn = new TreeMap<>();
        for (EraseRange r : ranges) {
            for (long p = r.paddr(); p < r.paddr() + r.length(); ) {
                long pfn = p / pageSize;
                int offset = (int) (p % pageSize);
                int n = (int) Math.min(pageSize - offset, r.paddr() + r.length() - p);
                byPfn.computeIfAbsent(pfn, k -> new ArrayList<>()).add(new int[] {offset, n, r.fill()});
                p += n;
            }
        }
        pfns = new long[byPfn.size()];
        pieces = new int[byPfn.size()][];
        int i = 0;
        for (var e : byPfn.entrySet()) {
            pfns[i] = e.getKey();
            pieces[i] = e.getValue().stream().flatMapToInt(Arrays::stream).toArray();
            i++;
        }
    }

    /** Nothing to erase. */
    public static ErasePlan empty(int pageSize) {
        return new ErasePlan(pageSize, List.of(), "");
    }

    public List<EraseRange> ranges() {
        return ranges;
    }

    /** Bytes the rules name, counted once per range (overlaps counted twice). */
    public long plannedBytes() {
        return ranges.stream().mapToLong(EraseRange::length).sum();
    }

    /** Bytes overwritten in pages handed to {@link #erase} so far. */
    public long erasedBytes() {
        return erased.sum();
    }

    /** Pages with something to erase. */
    public int pages() {
        return pfns.length;
    }

    @Override
    public void erase(long pfn, byte[] page, int at) {
        if (pfns.length == 0 || pfn < pfns[0] || pfn > pfns[pfns.length - 1]) {
            return;
        }
        int i = Arrays.binarySearch(pfns, pfn);
        if (i < 0) {
            return;
        }
        int[] p = pieces[i];
        long n = 0;
        for (int k = 0; k < p.length; k += 3) {
            Arrays.fill(page, at + p[k], at + p[k] + p[k + 1], (byte) p[k + 2]);
            n += p[k + 1];
        }
        erased.add(n);
    }

    @Override
    public byte[] eraseInfo() {
        return eraseInfo.clone();
    }

    public int pageSize() {
        return pageSize;
    }
}
