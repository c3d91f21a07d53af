package org.kexkit.qemu.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The recommendation: base, growth per GiB and per CPU up to the machine, 16M steps, a quarter's margin (32M at least). */
class CrashkernelEstimateTest {
    private static CrashkernelEstimate.Measurement m(int mem, int cpus, int smallest) {
        return new CrashkernelEstimate.Measurement(mem, cpus, smallest);
    }

    @Test
    void noDependenceGivesTheBasePlusAQuarter() {
        CrashkernelEstimate e = CrashkernelEstimate.of(List.of(m(1024, 1, 192), m(4096, 1, 192), m(1024, 2, 192)), 65536, 32);
        assertEquals(0.0, e.mibPerGiB());
        assertEquals(0.0, e.mibPerCpu());
        assertEquals(192, e.predictedMiB());
        assertEquals(48, e.marginMiB());
        assertEquals(240, e.recommendedMiB());
    }

    @Test
    void measuredGrowthIsExtrapolatedToTheMachine() {
        // 16M more at 4 GiB: 16/3 MiB per GiB; 16M more with 2 CPUs: 16 per CPU
        CrashkernelEstimate e = CrashkernelEstimate.of(List.of(m(1024, 1, 128), m(4096, 1, 144), m(1024, 2, 144)), 16384, 4);
        assertEquals(16.0 / 3, e.mibPerGiB(), 1e-9);
        assertEquals(16.0, e.mibPerCpu(), 1e-9);
        // 128 + 15 * 16/3 (80) + 3 * 16 (48) = 256
        assertEquals(256, e.predictedMiB());
        assertEquals(64, e.marginMiB());
        assertEquals(320, e.recommendedMiB());
    }

    @Test
    void aSmallMachineNeverGetsLessThanTheBaseAndAtLeast32MMargin() {
        CrashkernelEstimate e = CrashkernelEstimate.of(List.of(m(1024, 1, 96)), 512, 1);
        assertEquals(96, e.predictedMiB());
        assertEquals(32, e.marginMiB());
        assertEquals(128, e.recommendedMiB());
    }

    @Test
    void aLargerMachineNeedingLessCountsAsNoGrowth() {
        CrashkernelEstimate e = CrashkernelEstimate.of(List.of(m(4096, 1, 160), m(1024, 1, 176)), 8192, 1);
        assertEquals(0.0, e.mibPerGiB());
        assertEquals(176, e.predictedMiB());
    }

    @Test
    void needsAMeasurement() {
        assertThrows(IllegalArgumentException.class, () -> CrashkernelEstimate.of(List.of(), 1024, 1));
    }

    @Test
    void searchFromTheLowestSizeTakesOneBootWhenItWorks() {
        CrashkernelSearch s = new CrashkernelSearch(192, 512, 16);
        CrashkernelSearch.Result r = s.runFromLow(mib -> mib >= 192);
        assertEquals(OptionalInt.of(192), r.smallest());
        assertEquals(1, r.probes().size());
        r = s.runFromLow(mib -> mib >= 224);
        assertEquals(OptionalInt.of(224), r.smallest());
        assertEquals(192, r.probes().get(0).mib());
        assertEquals(512, r.probes().get(1).mib());
    }
}
