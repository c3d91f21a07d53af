package org.kexkit.bin;

import java.util.ArrayList;
import java.util.List;

/**
 * A non-empty range of physical addresses [start, end), compared as unsigned values. The one
 * range type of kexkit: /proc/iomem and /sys/firmware/memmap print inclusive ends, so their
 * readers build ranges with {@link #inclusive} and print them with {@link #last()}.
 */
public record PhysRange(long start, long end) implements Comparable<PhysRange> {
    public PhysRange {
        if (Long.compareUnsigned(start, end) >= 0) {
            throw new IllegalArgumentException("empty physical range 0x" + Long.toHexString(start) + "-0x"
                    + Long.toHexString(end));
        }
    }

    /** The range from {@code first} to {@code last}, both included (as /proc/iomem prints it). */
    public static PhysRange inclusive(long first, long last) {
        if (last == -1L) {
            throw new IllegalArgumentException("a range up to 0xffffffffffffffff has no exclusive end");
        }
        return new PhysRange(first, last + 1);
    }

    /** The range of {@code size} bytes from {@code start}; size must be at least 1. */
    public static PhysRange ofSize(long start, long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("range size must be positive, found " + size);
        }
        return new PhysRange(start, start + size);
    }

    /** Byte count. */
    public long size() {
        return end - start;
    }

    /** The last address inside (end - 1), as /proc/iomem prints the end. */
    public long last() {
        return end - 1;
    }

    public boolean contains(long address) {
        return Long.compareUnsigned(start, address) <= 0 && Long.compareUnsigned(address, end) < 0;
    }

    public boolean contains(PhysRange other) {
        return Long.compareUnsigned(start, other.start) <= 0 && Long.compareUnsigned(other.end, end) <= 0;
    }

    public boolean overlaps(PhysRange other) {
        return Long.compareUnsigned(start, other.end) < 0 && Long.compareUnsigned(other.start, end) < 0;
    }

    /** What is left of this range outside {@code cut}: none, one or two ranges, ascending. */
    public List<PhysRange> minus(PhysRange cut) {
        if (!overlaps(cut)) {
            return List.of(this);
        }
        List<PhysRange> out = new ArrayList<>(2);
        if (Long.compareUnsigned(start, cut.start) < 0) {
            out.add(new PhysRange(start, cut.start));
        }
        if (Long.compareUnsigned(cut.end, end) < 0) {
            out.add(new PhysRange(cut.end, end));
        }
        return out;
    }

    /** {@code ranges} less every range of {@code cuts}, in the order of {@code ranges}. */
    public static List<PhysRange> minusAll(List<PhysRange> ranges, List<PhysRange> cuts) {
        List<PhysRange> out = ranges;
        for (PhysRange cut : cuts) {
            List<PhysRange> next = new ArrayList<>(out.size() + 1);
            for (PhysRange r : out) {
                next.addAll(r.minus(cut));
            }
            out = next;
        }
        return out;
    }

    @Override
    public int compareTo(PhysRange other) {
        int byStart = Long.compareUnsigned(start, other.start);
        return byStart != 0 ? byStart : Long.compareUnsigned(end, other.end);
    }

    /** {@code 0x100000-0x2effffff}: the /proc/iomem way (inclusive end) with a 0x prefix. */
    @Override
    public String toString() {
        return "0x" + Long.toHexString(start) + "-0x" + Long.toHexString(last());
    }
}
