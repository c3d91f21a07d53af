package org.kexkit.kexec.image;

/**
 * What the planner must place: {@code size} bytes (rounded up to pages) at an
 * address aligned to {@code alignment}, not below {@code min}, ending at or
 * below {@code maxEndExclusive}; the lowest such address, or the highest when
 * {@code topDown}.
 */
public record SegmentRequest(SegmentKind kind, long size, long alignment, long min, long maxEndExclusive,
        boolean topDown) {
    public SegmentRequest {
        if (size <= 0) {
            throw new IllegalArgumentException(kind.label() + " segment of size " + size);
        }
        if (alignment <= 0 || Long.bitCount(alignment) != 1) {
            throw new IllegalArgumentException(kind.label() + " alignment " + alignment + " is not a power of two");
        }
    }

    /** Anywhere in the allowed ranges, lowest first, page-aligned. */
    public static SegmentRequest anywhere(SegmentKind kind, long size) {
        return new SegmentRequest(kind, size, KexecImage.PAGE_SIZE, 0, Long.MAX_VALUE, false);
    }
}
