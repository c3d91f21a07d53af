package org.kexkit.kexec.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentDigestTest {
    final Segment kernel = new Segment(SegmentKind.KERNEL, new byte[] {1, 2, 3}, 0x100000, 0x2000);
    final Segment purgatory = new Segment(SegmentKind.PURGATORY, new byte[] {9, 9}, 0x5000, 0x1000);
    final Segment header = new Segment(SegmentKind.ELFCOREHDR, new byte[] {7}, 0x3000, 0x1000);

    @Test
    void hashesEverySegmentButThePurgatoryWithZerosToMemsz() throws Exception {
        SegmentDigest digest = SegmentDigest.of(List.of(kernel, purgatory, header), false);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(new byte[] {1, 2, 3});
        sha.update(new byte[0x2000 - 3]);
        sha.update(new byte[] {7});
        sha.update(new byte[0x1000 - 1]);
        assertArrayEquals(sha.digest(), digest.digest());
        assertEquals(List.of(new DigestRegion(0x100000, 0x2000), new DigestRegion(0x3000, 0x1000)), digest.regions());
    }

    @Test
    void hotplugLeavesOutTheElfcorehdr() {
        SegmentDigest digest = SegmentDigest.of(List.of(kernel, purgatory, header), true);
        assertEquals(List.of(new DigestRegion(0x100000, 0x2000)), digest.regions());
        assertArrayEquals(SegmentDigest.of(List.of(kernel), false).digest(), digest.digest());
    }
}
