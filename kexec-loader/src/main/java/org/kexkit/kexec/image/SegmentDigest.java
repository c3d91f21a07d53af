package org.kexkit.kexec.image;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The SHA-256 the purgatory checks, computed the way kexec-tools does
 * (kexec/kexec.c update_purgatory): over every segment except the
 * purgatory's own (its stack and patched block change), each segment's
 * buffer followed by zeros up to memsz, in segment order; one region
 * {mem, memsz} per hashed segment. With crash hotplug
 * (KEXEC_UPDATE_ELFCOREHDR) the kernel rewrites the elfcorehdr, so that
 * segment is left out too (arch_do_exclude_segment).
 */
public record SegmentDigest(byte[] digest, List<DigestRegion> regions) {
    private static final byte[] ZEROS = new byte[65536];

    public SegmentDigest {
        digest = digest.clone();
        regions = List.copyOf(regions);
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    /** Over {@code segments}, leaving out the purgatory and, if {@code hotplug}, the elfcorehdr. */
    public static SegmentDigest of(List<Segment> segments, boolean hotplug) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the Java runtime has no SHA-256", e);
        }
        List<DigestRegion> regions = new ArrayList<>();
        for (Segment segment : segments) {
            if (segment.kind() == SegmentKind.PURGATORY || hotplug && segment.kind() == SegmentKind.ELFCOREHDR) {
                continue;
            }
            byte[] data = segment.data();
            sha.update(data);
            long zeros = segment.memsz() - data.length;
            while (zeros > 0) {
                int chunk = (int) Math.min(zeros, ZEROS.length);
                sha.update(ZEROS, 0, chunk);
                zeros -= chunk;
            }
            regions.add(new DigestRegion(segment.mem(), segment.memsz()));
        }
        return new SegmentDigest(sha.digest(), regions);
    }
}
