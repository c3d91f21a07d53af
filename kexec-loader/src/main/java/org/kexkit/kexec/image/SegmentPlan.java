package org.kexkit.kexec.image;

import java.util.List;

/** The planner's answer, one placement per request and in request order. */
public record SegmentPlan(List<PlacedSegment> placed) {
    public SegmentPlan {
        placed = List.copyOf(placed);
    }

    /** The (first) placement of {@code kind}. */
    public PlacedSegment get(SegmentKind kind) {
        return placed.stream().filter(p -> p.kind() == kind).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + kind.label() + " segment was planned"));
    }

    public boolean has(SegmentKind kind) {
        return placed.stream().anyMatch(p -> p.kind() == kind);
    }

    /** All placements of {@code kind}, e.g. the EXTRA ones in request order. */
    public List<PlacedSegment> all(SegmentKind kind) {
        return placed.stream().filter(p -> p.kind() == kind).toList();
    }
}
