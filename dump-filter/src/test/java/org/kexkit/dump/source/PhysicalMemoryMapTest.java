package org.kexkit.dump.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PhysicalMemoryMapTest {
    /** The first bitmap by its definition: one bit per backed pfn. */
    private static byte[] bitByBit(List<PfnRun> runs, long from, int count) {
        byte[] bits = new byte[(count + 7) / 8];
        for (PfnRun run : runs) {
            for (long pfn = Math.max(run.start(), from); pfn < Math.min(run.end(), from + count); pfn++) {
                int i = (int) (pfn - from);
                bits[i >>> 3] |= (byte) (1 << (i & 7));
            }
        }
        return bits;
    }

    @Test
    void fillBitmapSetsExactlyTheBackedPfnsWhateverTheRunsAndWindow() {
        Random random = new Random(11);
        for (int trial = 0; trial < 200; trial++) {
            // runs that start and end anywhere in a byte, some a few pfns long, with holes between
            List<PfnRun> runs = new ArrayList<>();
            long at = random.nextInt(20);
            for (int r = 0; r < 1 + random.nextInt(6); r++) {
                long length = 1 + random.nextInt(random.nextBoolean() ? 12 : 300);
                runs.add(new PfnRun(at, at + length));
                at += length + random.nextInt(40);
            }
            PhysicalMemoryMap map = PhysicalMemoryMap.ofRuns(runs, at, 4096);
            long from = random.nextInt((int) at);
            int count = 1 + random.nextInt((int) (at - from) + 16);
            byte[] bits = new byte[(count + 7) / 8];
            map.fillBitmap(from, count, bits);
            assertArrayEquals(bitByBit(runs, from, count), bits, "runs " + runs + ", from " + from + ", count " + count);
        }
    }
}
