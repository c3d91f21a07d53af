package org.kexkit.kexec.kho;

import java.util.List;
import org.kexkit.bin.PhysRange;
import org.kexkit.kexec.KexecException;
import org.kexkit.kexec.image.Segment;
import org.kexkit.kho.SubtreeContent;

/**
 * The two rules a kexec_load KHO handover must keep, checked on the finished segments: no
 * segment is copied over memory handed over (kexec's copy runs after the running kernel stops,
 * so nothing else would notice), and no handed-over range lies in a scratch area (the next
 * kernel allocates there freely before it reserves what was preserved).
 */
public final class KhoPlacement {
    private KhoPlacement() {
    }

    public static void requireClear(List<Segment> segments, KhoCarryOver carry) throws KexecException {
        for (SubtreeContent.ReserveMem region : carry.regions()) {
            PhysRange range = PhysRange.ofSize(region.start(), region.size());
            for (PhysRange scratch : carry.scratchRanges()) {
                if (range.overlaps(scratch)) {
                    throw new KexecException("reserve_mem region " + region.name() + " " + range + " overlaps the KHO"
                            + " scratch area " + scratch + ", which the next kernel allocates from before it reserves"
                            + " preserved memory");
                }
            }
            for (Segment segment : segments) {
                PhysRange at = PhysRange.ofSize(segment.mem(), segment.memsz());
                if (at.overlaps(range)) {
                    throw new KexecException("the " + segment.kind().label() + " segment " + at + " would overwrite the"
                            + " preserved reserve_mem region " + region.name() + " " + range);
                }
            }
        }
    }
}
