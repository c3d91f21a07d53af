package org.kexkit.qemu.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The bisection over crashkernel= sizes: the smallest working size, the probes it costs. */
class CrashkernelSearchTest {
    private final CrashkernelSearch search = new CrashkernelSearch(64, 512, 16);

    @Test
    void findsTheSmallestWorkingSizeForEveryThreshold() {
        for (int threshold = 64; threshold <= 512; threshold += 16) {
            int t = threshold;
            CrashkernelSearch.Result r = search.run(mib -> mib >= t);
            assertEquals(OptionalInt.of(threshold), r.smallest(), "threshold " + threshold);
            assertEquals(512, r.probes().get(0).mib(), "the largest size first");
            assertTrue(r.probes().size() <= 6, "at most 6 boots for 29 sizes, took " + r.probes().size());
            if (threshold > 64) {
                assertEquals(OptionalInt.of(threshold - 16), r.largestFailing(), "the size below was tried: " + r.probes());
            }
        }
    }

    @Test
    void thresholdBetweenStepsRoundsUp() {
        assertEquals(OptionalInt.of(208), search.run(mib -> mib >= 200).smallest());
    }

    @Test
    void nothingSmallerIsTriedWhenTheLargestFails() {
        List<Integer> tried = new ArrayList<>();
        CrashkernelSearch.Result r = search.run(mib -> {
            tried.add(mib);
            return false;
        });
        assertEquals(OptionalInt.empty(), r.smallest());
        assertEquals(List.of(512), tried);
        assertEquals(OptionalInt.of(512), r.largestFailing());
    }

    @Test
    void everySizeWorkingEndsAtTheLowest() {
        CrashkernelSearch.Result r = search.run(mib -> true);
        assertEquals(OptionalInt.of(64), r.smallest());
        assertEquals(OptionalInt.empty(), r.largestFailing());
    }

    @Test
    void refusesSizesOffTheSteps() {
        assertThrows(IllegalArgumentException.class, () -> new CrashkernelSearch(64, 500, 16));
        assertThrows(IllegalArgumentException.class, () -> new CrashkernelSearch(128, 64, 16));
        assertThrows(IllegalArgumentException.class, () -> new CrashkernelSearch(64, 512, 0));
    }
}
