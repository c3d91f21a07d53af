package org.kexkit.dump.kdump;

import java.io.IOException;
import java.util.List;

/**
 * Pages of an ELF vmcore by pfn: finds the pfn's PT_LOAD (the last one found
 * first, since reads come in ascending runs) and reads it through an
 * {@link ElfPageReader}.
 */
final class ElfRunPageReader implements VmcoreSource.PageReader {
    private final ElfPageReader reader;
    private final List<PfnRun> runs;
    private int last;

    ElfRunPageReader(ElfPageReader reader, List<PfnRun> runs) {
        this.reader = reader;
        this.runs = runs;
    }

    @Override
    public void read(long pfn, byte[] dst, int at) throws IOException {
        PfnRun run = find(pfn);
        if (run == null) {
            throw new IOException("pfn 0x" + Long.toHexString(pfn) + " is in no PT_LOAD");
        }
        reader.read(run.load(), pfn, dst, at);
    }

    /** The run holding {@code pfn}, or null in a memory hole. */
    PfnRun find(long pfn) {
        if (!runs.isEmpty()) {
            PfnRun r = runs.get(last);
            if (pfn >= r.start() && pfn < r.end()) {
                return r;
            }
        }
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
                last = mid;
                return r;
            }
        }
        return null;
    }

    @Override
    public void close() {
        reader.close();
    }
}
