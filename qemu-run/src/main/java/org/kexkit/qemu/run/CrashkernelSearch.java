package org.kexkit.qemu.run;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.IntPredicate;

/**
 * The smallest crashkernel= that works, by bisection over the sizes {@code low, low+step, ..., high}: the largest is
 * tried first (nothing smaller is tried if it fails), then each probe halves the sizes left, on the assumption
 * that a size works when a smaller one does. One probe is one boot, so 64M to 512M in 16M steps costs at most 6.
 */
public final class CrashkernelSearch {
    /** One probe: the size and whether it worked. */
    public record Probe(int mib, boolean worked) {}

    /** The smallest working size if any, and the probes in the order they ran. */
    public record Result(OptionalInt smallest, List<Probe> probes) {
        /** The largest size that was tried and failed below the smallest working one, if any was. */
        public OptionalInt largestFailing() {
            int smallestMib = smallest.orElse(Integer.MAX_VALUE);
            return probes.stream().filter(p -> !p.worked() && p.mib() < smallestMib).mapToInt(Probe::mib).max();
        }
    }

    private final int low;
    private final int high;
    private final int step;

    public CrashkernelSearch(int low, int high, int step) {
        if (step <= 0 || low <= 0 || high < low || (high - low) % step != 0) {
            throw new IllegalArgumentException("sizes " + low + "M to " + high + "M in " + step + "M steps");
        }
        this.low = low;
        this.high = high;
        this.step = step;
    }

    public Result run(IntPredicate works) {
        List<Probe> probes = new ArrayList<>();
        int n = (high - low) / step + 1;
        if (!probe(works, high, probes)) {
            return new Result(OptionalInt.empty(), probes);
        }
        int lo = 0;
        int hi = n - 1; // known to work
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (probe(works, low + mid * step, probes)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return new Result(OptionalInt.of(low + hi * step), probes);
    }

    private static boolean probe(IntPredicate works, int mib, List<Probe> probes) {
        boolean ok = works.test(mib);
        probes.add(new Probe(mib, ok));
        return ok;
    }
}
