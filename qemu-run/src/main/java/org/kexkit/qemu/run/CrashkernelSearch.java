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

    /** The sizes a search tries: 64M to 512M in 16M steps, at most 3/8 of the guest's memory. */
    public static final int LOW = 64;
    public static final int HIGH = 512;
    public static final int STEP = 16;

    /**
     * The search for a guest of {@code memoryMiB}: up to 512M, or 3/8 of a smaller guest's memory (in steps from
     * 64M): a 1 GiB guest could not reserve 512M (Debian's 6.1: "crashkernel reservation failed - No suitable area
     * found").
     */
    public static CrashkernelSearch forMemory(int memoryMiB) {
        return new CrashkernelSearch(LOW, high(memoryMiB), STEP);
    }

    /** The largest size {@link #forMemory} tries. */
    public static int high(int memoryMiB) {
        int cap = Math.min(HIGH, memoryMiB * 3 / 8);
        return LOW + Math.max(1, (cap - LOW) / STEP) * STEP;
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

    /**
     * The same when the answer is expected to be the lowest size (a machine that needs at least what a smaller one
     * needed, searched from that size): that size first, one boot when it works, else the search above it.
     */
    public Result runFromLow(IntPredicate works) {
        List<Probe> probes = new ArrayList<>();
        if (probe(works, low, probes)) {
            return new Result(OptionalInt.of(low), probes);
        }
        if (high == low) {
            return new Result(OptionalInt.empty(), probes);
        }
        Result rest = new CrashkernelSearch(low + step, high, step).run(works);
        probes.addAll(rest.probes());
        return new Result(rest.smallest(), probes);
    }

    private static boolean probe(IntPredicate works, int mib, List<Probe> probes) {
        boolean ok = works.test(mib);
        probes.add(new Probe(mib, ok));
        return ok;
    }
}
