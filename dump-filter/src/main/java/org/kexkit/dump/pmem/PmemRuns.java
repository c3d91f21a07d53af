package org.kexkit.dump.pmem;

import java.util.ArrayList;
import java.util.List;
import org.kexkit.dump.source.PfnRun;
import org.kexkit.dump.source.PhysicalMemoryMap;
import org.kexkit.pmem.PmemLayout;

/** Pfn runs without the pmem: what the struct page scan classifies (the layout decides pmem pfns). */
public final class PmemRuns {
    private PmemRuns() {
    }

    public static List<PfnRun> outside(List<PfnRun> runs, PmemLayout layout, int pageSize) {
        if (layout.isEmpty()) {
            return runs;
        }
        PhysicalMemoryMap skip = PhysicalMemoryMap.of(layout.pmemRanges(), pageSize);
        List<PfnRun> kept = new ArrayList<>();
        for (PfnRun r : runs) {
            long start = r.start();
            for (PfnRun s : skip.runs()) {
                if (s.end() <= start || s.start() >= r.end()) {
                    continue;
                }
                if (s.start() > start) {
                    kept.add(new PfnRun(start, s.start()));
                }
                start = Math.max(start, s.end());
            }
            if (start < r.end()) {
                kept.add(new PfnRun(start, r.end()));
            }
        }
        return kept;
    }
}
