package org.kexkit.qemu.run;

import java.util.Comparator;
import java.util.List;

/**
 * A crashkernel= recommendation from measured capture runs: the smallest size that completed a dump for the
 * smallest guest measured, grown by the measured cost of more memory (per GiB) and more CPUs (per CPU) in the first
 * kernel up to the machine's, rounded up to the 16M step, plus a margin of a quarter, at least 32M. The margin is
 * there because the measurement is a QEMU guest: only virtio devices (real storage and network drivers and their
 * firmware take more in the capture kernel), a 16M search step (the true minimum may be up to 16M below the size
 * found, but nothing says the one found is not marginal), and other boot-time allocations on other machines.
 *
 * @param measured     the runs, the first the base (smallest memory and CPUs)
 * @param mibPerGiB    the measured growth per GiB of first-kernel memory (0 when not measured or none)
 * @param mibPerCpu    the measured growth per CPU of the first kernel (0 when not measured or none)
 * @param predictedMiB the need extrapolated to the machine, rounded up to 16M
 * @param marginMiB    the margin added
 * @param recommendedMiB predicted plus margin
 */
public record CrashkernelEstimate(List<Measurement> measured, int machineMemoryMiB, int machineCpus, double mibPerGiB,
        double mibPerCpu, int predictedMiB, int marginMiB, int recommendedMiB) {
    /** The smallest working crashkernel= found for a guest of that memory and CPUs. */
    public record Measurement(int memoryMiB, int cpus, int smallestMiB) {}

    /** The margin: a quarter of the prediction, at least this, in 16M steps. */
    public static final int MIN_MARGIN = 32;

    /** @throws IllegalArgumentException without a measurement */
    public static CrashkernelEstimate of(List<Measurement> measured, int machineMemoryMiB, int machineCpus) {
        if (measured.isEmpty()) {
            throw new IllegalArgumentException("no measurement");
        }
        Measurement base = measured.stream().min(Comparator.comparingInt(Measurement::memoryMiB)
                .thenComparingInt(Measurement::cpus)).orElseThrow();
        double perGiB = measured.stream().filter(m -> m.cpus() == base.cpus() && m.memoryMiB() > base.memoryMiB())
                .mapToDouble(m -> Math.max(0, m.smallestMiB() - base.smallestMiB()) * 1024.0 / (m.memoryMiB() - base.memoryMiB()))
                .max().orElse(0);
        double perCpu = measured.stream().filter(m -> m.memoryMiB() == base.memoryMiB() && m.cpus() > base.cpus())
                .mapToDouble(m -> Math.max(0, m.smallestMiB() - base.smallestMiB()) / (double) (m.cpus() - base.cpus()))
                .max().orElse(0);
        double need = base.smallestMiB() + perGiB * Math.max(0, machineMemoryMiB - base.memoryMiB()) / 1024.0
                + perCpu * Math.max(0, machineCpus - base.cpus());
        int predicted = up16((int) Math.ceil(need));
        int margin = Math.max(MIN_MARGIN, up16((int) Math.ceil(predicted / 4.0)));
        return new CrashkernelEstimate(List.copyOf(measured), machineMemoryMiB, machineCpus, perGiB, perCpu, predicted, margin,
                predicted + margin);
    }

    static int up16(int mib) {
        return (mib + CrashkernelSearch.STEP - 1) / CrashkernelSearch.STEP * CrashkernelSearch.STEP;
    }
}
