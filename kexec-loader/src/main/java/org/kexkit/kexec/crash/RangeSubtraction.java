package org.kexkit.kexec.crash;

import java.util.ArrayList;
import java.util.List;
import org.kexkit.elfcore.PhysRange;

/**
 * Removes one range from a list of ranges, splitting a range the removed one
 * sits inside: what crash_exclude_mem_range() (kernel/crash_core.c) and
 * kexec-tools' exclude_region() do.
 */
final class RangeSubtraction {
    private RangeSubtraction() {
    }

    static List<PhysRange> minus(List<PhysRange> ranges, PhysRange cut) {
        List<PhysRange> out = new ArrayList<>(ranges.size() + 1);
        for (PhysRange range : ranges) {
            if (!range.overlaps(cut)) {
                out.add(range);
                continue;
            }
            if (Long.compareUnsigned(range.start(), cut.start()) < 0) {
                out.add(new PhysRange(range.start(), cut.start() - 1));
            }
            if (Long.compareUnsigned(cut.end(), range.end()) < 0) {
                out.add(new PhysRange(cut.end() + 1, range.end()));
            }
        }
        return out;
    }

    static List<PhysRange> minusAll(List<PhysRange> ranges, List<PhysRange> cuts) {
        List<PhysRange> out = ranges;
        for (PhysRange cut : cuts) {
            out = minus(out, cut);
        }
        return out;
    }
}
