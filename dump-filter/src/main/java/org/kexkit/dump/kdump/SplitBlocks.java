package org.kexkit.dump.kdump;

import java.util.ArrayList;
import java.util.List;
import org.kexkit.dump.source.PfnRun;

/**
 * Where a split dump's parts are cut (makedumpfile's splitblock table): the pfn space in blocks of
 * 1 GiB of pages, the dumpable pages of each whole block counted (a last, partial block is not:
 * makedumpfile records a block's count when its last pfn is seen), and every part but the last
 * ends after the first blocks whose counts reach num_dumpable / parts (calculate_end_pfn_by_splitblock).
 */
final class SplitBlocks {
    /** makedumpfile's DEFAULT_SPLITBLOCK_SIZE (--splitblock-size, in bytes). */
    static final long DEFAULT_BLOCK_BYTES = 1L << 30;

    private final long maxMapnr;
    private final long blockPfns;
    private final long[] counts;

    SplitBlocks(long maxMapnr, long blockPfns) {
        this.maxMapnr = maxMapnr;
        this.blockPfns = blockPfns;
        this.counts = new long[Math.toIntExact((maxMapnr + blockPfns - 1) / blockPfns)];
    }

    /** Counts one dumpable pfn. */
    void dumpable(long pfn) {
        counts[(int) (pfn / blockPfns)]++;
    }

    /** The [start_pfn, end_pfn) of each of {@code parts} parts, ascending, covering [0, max_mapnr). */
    List<PfnRun> parts(long dumpable, int parts) {
        long wholeBlocks = maxMapnr / blockPfns;
        long perPart = dumpable / parts;
        List<PfnRun> out = new ArrayList<>();
        int block = 0;
        long end = 0;
        for (int i = 0; i < parts - 1; i++) {
            long start = end;
            if (start >= maxMapnr) {
                out.add(new PfnRun(maxMapnr, maxMapnr));
                continue;
            }
            long needed = perPart;
            while (block < counts.length && needed > 0) {
                needed -= block < wholeBlocks ? counts[block] : 0;
                block++;
            }
            end = Math.min((long) block * blockPfns, maxMapnr);
            out.add(new PfnRun(start, end));
        }
        out.add(new PfnRun(end, maxMapnr));
        return out;
    }
}
