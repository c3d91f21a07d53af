package org.kexkit.dump.kdump;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.kexkit.dump.source.PfnRun;

/** The in-memory bitmap's rank index (one count per 8 words) and its runs, against counting bit by bit. */
class KdumpBitmapTest {
    @Test
    void rankAndRunsMatchABitByBitCount() {
        Random random = new Random(3);
        long[] words = new long[100];
        for (int i = 0; i < words.length; i++) {
            words[i] = switch (i % 5) {
                case 0 -> 0;
                case 1 -> -1L;
                default -> random.nextLong();
            };
        }
        KdumpReader.Bitmap bitmap = new KdumpReader.Bitmap(words);
        long rank = 0;
        List<long[]> runs = new ArrayList<>();
        long start = -1;
        for (long pfn = 0; pfn < words.length * 64L; pfn++) {
            assertEquals(rank, bitmap.rank(pfn), "rank of " + pfn);
            boolean set = bitmap.get(pfn);
            if (set) {
                rank++;
                if (start < 0) {
                    start = pfn;
                }
            } else if (start >= 0) {
                runs.add(new long[] {start, pfn});
                start = -1;
            }
        }
        if (start >= 0) {
            runs.add(new long[] {start, words.length * 64L});
        }
        assertEquals(rank, bitmap.count());
        List<PfnRun> got = bitmap.runs();
        assertEquals(runs.size(), got.size());
        for (int i = 0; i < runs.size(); i++) {
            assertEquals(runs.get(i)[0], got.get(i).start(), "run " + i);
            assertEquals(runs.get(i)[1], got.get(i).end(), "run " + i);
        }
    }
}
