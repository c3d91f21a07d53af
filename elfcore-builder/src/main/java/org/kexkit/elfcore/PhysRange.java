package org.kexkit.elfcore;

/**
 * A range of physical addresses, both ends inclusive as /proc/iomem and
 * /sys/firmware/memmap print them. Compared as unsigned values.
 */
public record PhysRange(long start, long end) implements Comparable<PhysRange> {
    public PhysRange {
        if (Long.compareUnsigned(start, end) > 0) {
            throw new IllegalArgumentException("range start 0x" + Long.toHexString(start) + " is above its end 0x"
                    + Long.toHexString(end));
        }
    }

    /** The range of {@code size} bytes from {@code start}; size must be at least 1. */
    public static PhysRange ofSize(long start, long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("range size must be positive, found " + size);
        }
        return new PhysRange(start, start + size - 1);
    }

    /** Byte count (end - start + 1). */
    public long size() {
        return end - start + 1;
    }

    public boolean contains(long address) {
        return Long.compareUnsigned(start, address) <= 0 && Long.compareUnsigned(address, end) <= 0;
    }

    public boolean contains(PhysRange other) {
        return contains(other.start) && contains(other.end);
    }

    public boolean overlaps(PhysRange other) {
        return Long.compareUnsigned(start, other.end) <= 0 && Long.compareUnsigned(other.start, end) <= 0;
    }

    @Override
    public int compareTo(PhysRange other) {
        int byStart = Long.compareUnsigned(start, other.start);
        return byStart != 0 ? byStart : Long.compareUnsigned(end, other.end);
    }

    /** {@code 0x100000-0x2effffff}, the /proc/iomem way with a 0x prefix. */
    @Override
    public String toString() {
        return "0x" + Long.toHexString(start) + "-0x" + Long.toHexString(end);
    }
}
