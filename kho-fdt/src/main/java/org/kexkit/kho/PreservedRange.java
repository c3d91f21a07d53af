package org.kexkit.kho;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Physical memory [start, start + size) that the next kernel keeps: adjacent preserved blocks joined. */
public record PreservedRange(long start, long size) {
    public long end() {
        return start + size;
    }

    /** Whether [address, address + length) lies wholly inside this range. */
    public boolean covers(long address, long length) {
        return address >= start && address + length <= end();
    }

    /**
     * The blocks sorted by address, with blocks that touch or overlap joined: the radix tree lists
     * them by order first, and one allocation of several orders' worth is split into many blocks.
     */
    public static List<PreservedRange> merge(List<PreservedBlock> blocks) {
        List<PreservedBlock> sorted = new ArrayList<>(blocks);
        sorted.sort(Comparator.comparingLong(PreservedBlock::address));
        List<PreservedRange> ranges = new ArrayList<>();
        long start = 0;
        long end = -1;
        for (PreservedBlock b : sorted) {
            if (end >= 0 && b.address() <= end) {
                end = Math.max(end, b.address() + b.size());
                continue;
            }
            if (end >= 0) {
                ranges.add(new PreservedRange(start, end - start));
            }
            start = b.address();
            end = b.address() + b.size();
        }
        if (end >= 0) {
            ranges.add(new PreservedRange(start, end - start));
        }
        return List.copyOf(ranges);
    }

    /** Whether [address, address + length) lies wholly inside one of {@code ranges}. */
    public static boolean covered(List<PreservedRange> ranges, long address, long length) {
        return ranges.stream().anyMatch(r -> r.covers(address, length));
    }
}
