package org.kexkit.dump.kdump;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.kexkit.bin.FormatException;

/**
 * The parts of a split dump (makedumpfile --split), open and sorted by start_pfn, checked to be
 * parts of one dump that together hold every pfn from 0 to max_mapnr (makedumpfile's
 * check_splitting_info), as libkdumpfile reads a set.
 */
public final class SplitParts implements AutoCloseable {
    private final List<KdumpReader> parts;

    private SplitParts(List<KdumpReader> parts) {
        this.parts = List.copyOf(parts);
    }

    public static SplitParts open(List<Path> paths) throws IOException, FormatException {
        List<KdumpReader> open = new ArrayList<>();
        try {
            for (Path p : paths) {
                open.add(KdumpReader.open(p));
            }
            check(open);
            open.sort(Comparator.comparingLong(r -> r.part().start()));
            checkCoverage(open);
            return new SplitParts(open);
        } catch (IOException | FormatException | RuntimeException e) {
            for (KdumpReader r : open) {
                try {
                    r.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private static void check(List<KdumpReader> parts) throws FormatException {
        KdumpReader first = parts.get(0);
        for (KdumpReader r : parts) {
            long subHeader = r.header().blockSize();
            if (!r.split()) {
                throw new FormatException(r.source(), subHeader + KdumpSubHeader.OFF_SPLIT,
                        "not a part of a split dump (sub header split is 0)");
            }
            if (r.maxMapnr() != first.maxMapnr() || r.pageSize() != first.pageSize()
                    || r.dumpedPages() != first.dumpedPages()
                    || r.subHeader().dumpLevel() != first.subHeader().dumpLevel()) {
                throw new FormatException(r.source(), subHeader + KdumpSubHeader.OFF_SPLIT, "not a part of the same dump as "
                        + first.source() + " (max_mapnr, block size, dump level or bitmaps differ)");
            }
        }
    }

    private static void checkCoverage(List<KdumpReader> sorted) throws FormatException {
        long end = 0;
        for (KdumpReader r : sorted) {
            if (r.part().start() != end) {
                throw new FormatException(r.source(), r.header().blockSize() + KdumpSubHeader.OFF_SPLIT, "no part holds pfns 0x"
                        + Long.toHexString(Math.min(end, r.part().start())) + "-0x"
                        + Long.toHexString(Math.max(end, r.part().start())) + " (a part is missing or named twice)");
            }
            end = r.part().end();
        }
        KdumpReader last = sorted.get(sorted.size() - 1);
        if (end != last.maxMapnr()) {
            throw new FormatException(last.source(), last.header().blockSize() + KdumpSubHeader.OFF_SPLIT, "no part holds pfns 0x"
                    + Long.toHexString(end) + "-0x" + Long.toHexString(last.maxMapnr()) + " (a part is missing)");
        }
    }

    /** The parts by ascending start_pfn. */
    public List<KdumpReader> parts() {
        return parts;
    }

    /** The part whose range holds {@code pfn} (the last for pfns past max_mapnr). */
    public KdumpReader partOf(long pfn) {
        int lo = 0;
        int hi = parts.size() - 1;
        while (lo < hi) { // the first part ending after pfn: ends ascend, empty parts never hold one
            int mid = (lo + hi) >>> 1;
            if (parts.get(mid).part().end() > pfn) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return parts.get(lo);
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (KdumpReader r : parts) {
            try {
                r.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
