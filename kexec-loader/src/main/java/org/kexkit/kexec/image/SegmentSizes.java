package org.kexkit.kexec.image;

import java.util.List;

/**
 * Sizes of the segments besides the kernel, in bytes (0 = no such segment).
 * {@code bootParams} is {@link BootParams#size()}; {@code purgatory} is
 * {@link Purgatory#segmentSize()}; {@code elfcorehdr} is the header buffer
 * (padded to 1 KiB by the planner, as kexec-tools does).
 */
public record SegmentSizes(long initrd, long bootParams, long purgatory, long elfcorehdr, List<SegmentRequest> extras) {
    public SegmentSizes {
        extras = List.copyOf(extras);
    }

    public SegmentSizes(long initrd, long bootParams, long purgatory, long elfcorehdr) {
        this(initrd, bootParams, purgatory, elfcorehdr, List.of());
    }
}
