package org.kexkit.dump.kdump;

import org.kexkit.dump.filter.ExclusionClass;
import org.kexkit.dump.filter.PageFilter;

/**
 * Which pfns a dump holds, for the writer's walks after the count: the bitmaps, then the page
 * data. While the second bitmap is small (at most {@link #KEPT_BYTES}: 64 GiB of RAM with 4 KiB
 * pages) the count records it here and the later walks read it, which spares them asking the
 * filter about every pfn again (0.1 s of a 16 GiB `-d 31` dump). Past that the filter is asked
 * again, {@link KdumpWriter#CLASS_RUN} pfns at a time, so that memory stays bounded whatever the
 * RAM. Not thread-safe: the writer's calling thread uses it.
 */
final class DumpablePfns {
    /** The largest second bitmap kept (bytes). */
    static final long KEPT_BYTES = 2L << 20;

    private final PageFilter filter;
    private final long maxMapnr;
    /** Bit i set: pfn i is dumped; null when the filter is asked again. */
    private final byte[] kept;
    private final ExclusionClass[] classes = new ExclusionClass[KdumpWriter.CLASS_RUN];
    /** classes[] holds the pfns [classesFrom, classesEnd). */
    private long classesFrom;
    private long classesEnd;

    private DumpablePfns(PageFilter filter, long maxMapnr, byte[] kept) {
        this.filter = filter;
        this.maxMapnr = maxMapnr;
        this.kept = kept;
    }

    /**
     * For a pfn space of {@code maxMapnr}, keeping a second bitmap of at most {@code keptBytes}; the
     * count then calls {@link #dumpable} for each pfn it finds dumpable.
     */
    static DumpablePfns of(PageFilter filter, long maxMapnr, long keptBytes) {
        long bytes = (maxMapnr + 7) / 8;
        return new DumpablePfns(filter, maxMapnr, bytes <= keptBytes ? new byte[(int) bytes] : null);
    }

    /** True when the count's answers are kept (tests see both ways). */
    boolean keeps() {
        return kept != null;
    }

    /** Records that the count found {@code pfn} dumpable. */
    void dumpable(long pfn) {
        if (kept != null) {
            kept[(int) (pfn >>> 3)] |= (byte) (1 << (pfn & 7));
        }
    }

    /** The first dumpable pfn in [pfn, end), or {@code end}. */
    long next(long pfn, long end) {
        long stop = Math.min(end, maxMapnr);
        if (kept != null) {
            while (pfn < stop) {
                int bits = (kept[(int) (pfn >>> 3)] & 0xff) >>> (pfn & 7);
                if (bits != 0) {
                    long found = pfn + Integer.numberOfTrailingZeros(bits);
                    return found < stop ? found : end;
                }
                pfn = (pfn | 7) + 1;
            }
            return end;
        }
        for (; pfn < stop; pfn++) {
            if (pfn < classesFrom || pfn >= classesEnd) {
                // a whole run, past end too: the walks go on upwards, and a pfn the filter is asked
                // about needlessly costs less than a call per few pfns
                classesFrom = pfn;
                classesEnd = Math.min(pfn + KdumpWriter.CLASS_RUN, maxMapnr);
                filter.exclusions(pfn, (int) (classesEnd - pfn), classes);
            }
            if (classes[(int) (pfn - classesFrom)] == ExclusionClass.NONE) {
                return pfn;
            }
        }
        return end;
    }

    /**
     * The second bitmap's bytes for pfns [from, from + 8 * first.length), {@code from} a multiple
     * of 8: the pfns of {@code first} (the backed ones) that are dumped. The bitmap runs past
     * max_mapnr to whole blocks; no pfn is backed there.
     */
    void secondBitmap(long from, byte[] first, byte[] second) {
        for (int b = 0; b < first.length; b++) {
            if (first[b] == 0) {
                second[b] = 0;
                continue;
            }
            long base = from + 8L * b;
            int dumped = 0;
            if (kept != null) {
                dumped = kept[(int) (base >>> 3)];
            } else {
                for (long pfn = next(base, base + 8); pfn < base + 8; pfn = next(pfn + 1, base + 8)) {
                    dumped |= 1 << (int) (pfn - base);
                }
            }
            second[b] = (byte) (first[b] & dumped);
        }
    }
}
