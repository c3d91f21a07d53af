package org.kexkit.kexec.image;

import org.kexkit.bin.PhysRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.kexkit.kexec.Sizes;

/**
 * Everything kexec_load needs: the entry point (the purgatory's) and the
 * segments. The constructor enforces the kernel's own rules
 * (kernel/kexec_core.c sanity_check_segment_list), so a bad image fails here
 * with a clear line rather than as EINVAL from the kernel.
 */
public record KexecImage(long entry, List<Segment> segments) {
    /** KEXEC_SEGMENT_MAX, include/linux/kexec.h (kexec-tools: KEXEC_MAX_SEGMENTS). */
    public static final int MAX_SEGMENTS = 16;
    public static final long PAGE_SIZE = 4096;

    public KexecImage {
        segments = List.copyOf(segments);
        if (segments.size() > MAX_SEGMENTS) {
            throw new IllegalArgumentException(segments.size() + " segments, kexec_load takes at most " + MAX_SEGMENTS);
        }
        for (Segment segment : segments) {
            if (segment.mem() % PAGE_SIZE != 0 || segment.memsz() % PAGE_SIZE != 0) {
                throw new IllegalArgumentException(segment.kind().label() + " segment at 0x" + Long.toHexString(segment.mem())
                        + " size 0x" + Long.toHexString(segment.memsz()) + " is not page-aligned");
            }
            if (segment.bufsz() > segment.memsz()) {
                throw new IllegalArgumentException(segment.kind().label() + " segment has " + segment.bufsz()
                        + " bytes of data but memsz " + segment.memsz());
            }
        }
        List<Segment> sorted = new ArrayList<>(segments);
        sorted.sort(Comparator.comparingLong(Segment::mem));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).mem() < sorted.get(i - 1).endExclusive()) {
                throw new IllegalArgumentException(sorted.get(i - 1).kind().label() + " segment and "
                        + sorted.get(i).kind().label() + " segment overlap at 0x" + Long.toHexString(sorted.get(i).mem()));
            }
        }
    }

    /** Fails unless every segment lies inside one of {@code allowed} (the crash region(s) for a crash load). */
    public void requireInside(List<PhysRange> allowed) {
        for (Segment segment : segments) {
            boolean inside = allowed.stream().anyMatch(
                    range -> segment.mem() >= range.start() && segment.endExclusive() <= range.end());
            if (!inside) {
                throw new IllegalArgumentException(segment.kind().label() + " segment 0x" + Long.toHexString(segment.mem())
                        + "-0x" + Long.toHexString(segment.endExclusive() - 1) + " lies outside " + allowed.stream().map(SegmentPlanner::describe).toList());
            }
        }
    }

    /** The first segment of {@code kind}. */
    public Segment segment(SegmentKind kind) {
        return segments.stream().filter(s -> s.kind() == kind).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + kind.label() + " segment"));
    }

    /**
     * The dry-run table: one row per segment in load order, sizes in hex bytes, e.g.
     * <pre>
     *  #  mem start          mem end                 memsz      bufsz  what
     *  0  0x000000002f000000 0x000000002fc0bfff   0xc0c000   0x1e2a00  kernel (12 MiB)
     * </pre>
     */
    public String table() {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%2s  %-18s %-18s %10s %10s  %s%n",
                "#", "mem start", "mem end", "memsz", "bufsz", "what"));
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            out.append(String.format(Locale.ROOT, "%2d  0x%016x 0x%016x %10s %10s  %s (%s)%n", i, s.mem(),
                    s.endExclusive() - 1, "0x" + Long.toHexString(s.memsz()), "0x" + Long.toHexString(s.bufsz()),
                    s.kind().label(), Sizes.brief(s.memsz())));
        }
        out.append(String.format(Locale.ROOT, "entry 0x%016x%n", entry));
        return out.toString();
    }
}
