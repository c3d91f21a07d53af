package org.kexkit.kexec.image;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import org.kexkit.bin.PhysRange;

/** The not-yet-used parts of the allowed ranges, carved as segments are placed. */
final class FreeSpace {
    private final List<long[]> free = new ArrayList<>(); // {start, endExclusive}, sorted, disjoint

    FreeSpace(List<PhysRange> ranges) {
        for (PhysRange range : ranges) {
            free.add(new long[] {range.start(), range.end()});
        }
        free.sort(Comparator.comparingLong(r -> r[0]));
    }

    OptionalLong lowest(long size, long alignment, long min, long maxEnd) {
        for (long[] range : free) {
            long start = alignUp(Math.max(range[0], min), alignment);
            if (start >= range[0] && start <= Math.min(range[1], maxEnd) - size) {
                return OptionalLong.of(start);
            }
        }
        return OptionalLong.empty();
    }

    OptionalLong highest(long size, long alignment, long min, long maxEnd) {
        for (int i = free.size() - 1; i >= 0; i--) {
            long[] range = free.get(i);
            long end = Math.min(range[1], maxEnd);
            if (end - range[0] < size) {
                continue;
            }
            long start = (end - size) & -alignment;
            if (start >= Math.max(range[0], min)) {
                return OptionalLong.of(start);
            }
        }
        return OptionalLong.empty();
    }

    void take(long start, long size) {
        for (int i = 0; i < free.size(); i++) {
            long[] range = free.get(i);
            if (start >= range[0] && start + size <= range[1]) {
                free.remove(i);
                if (start + size < range[1]) {
                    free.add(i, new long[] {start + size, range[1]});
                }
                if (range[0] < start) {
                    free.add(i, new long[] {range[0], start});
                }
                return;
            }
        }
        throw new IllegalStateException("0x" + Long.toHexString(start) + " is not free");
    }

    static long alignUp(long value, long alignment) {
        return (value + alignment - 1) & -alignment;
    }
}
