package org.kexkit.kexec.image;

/** Where the planner put a segment: physical {@code mem}, {@code memsz} bytes (both page-aligned). */
public record PlacedSegment(SegmentKind kind, long mem, long memsz) {
    public long endExclusive() {
        return mem + memsz;
    }
}
