package org.kexkit.kexec.image;

import org.kexkit.kexec.Sizes;

/** A physical address range [start, endExclusive). */
public record PhysRange(long start, long endExclusive) {
    public PhysRange {
        if (Long.compareUnsigned(endExclusive, start) <= 0) {
            throw new IllegalArgumentException("empty physical range 0x" + Long.toHexString(start) + "-0x"
                    + Long.toHexString(endExclusive));
        }
    }

    public long size() {
        return endExclusive - start;
    }

    /** As /proc/iomem writes it (inclusive end) with the size, e.g. {@code 0x2f000000-0x3effffff (256 MiB)}. */
    @Override
    public String toString() {
        return "0x" + Long.toHexString(start) + "-0x" + Long.toHexString(endExclusive - 1) + " (" + Sizes.brief(size()) + ")";
    }
}
