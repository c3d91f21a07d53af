package org.kexkit.qemu;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kexkit.qemu.run.CrashkernelEstimate;

/**
 * The crashkernel= a QEMU test gives its guest, from {@code kexkit kdump estimate}'s measurements of the guest's kernel
 * and capture environment, with the estimate's own rule ({@link CrashkernelEstimate}) applied to the guest's memory
 * and CPUs. A full estimate is 10-40 minutes of TCG boots, so the measurements come from, in this order: the cache
 * ({@code estimate/RELEASE-RUNTIME.json} under the harness cache, the estimate's --json output); a new estimate when
 * {@code KEXKIT_ESTIMATE=1} (run in-process, its output then cached); else the measurement recorded in the
 * repository (a test resource of the same form, naming how it was made).
 */
final class EstimatedCrashkernel {
    /** Each run of the estimate's --json output: the guest's memory and CPUs and the smallest size that dumped. */
    private static final Pattern RUN = Pattern.compile("\"memory_mib\"\\s*:\\s*(\\d+)\\s*,\\s*\"cpus\"\\s*:\\s*(\\d+)\\s*,"
            + "\\s*\"smallest_crashkernel_mib\"\\s*:\\s*(\\d+)");

    /** The size and where its measurements came from. */
    record Choice(int mib, String source, CrashkernelEstimate estimate) {
        String crashkernel() {
            return mib + "M";
        }
    }

    private EstimatedCrashkernel() {}

    static Choice forGuest(PanicCapture.Setup setup, GuestKernel kernel, String captureRuntime, int memoryMiB, int cpus) {
        Path cached = setup.cache().dir("estimate").resolve(kernel.release() + "-" + captureRuntime + ".json");
        try {
            String json;
            String source;
            if (Files.isRegularFile(cached)) {
                json = Files.readString(cached);
                source = "the estimate cached in " + cached;
            } else if ("1".equals(System.getenv("KEXKIT_ESTIMATE"))) {
                if (!"image".equals(captureRuntime)) {
                    throw new IllegalArgumentException("the in-test estimate measures capture_runtime image only");
                }
                json = MakedumpfileOracle.kexkit("kdump", "estimate", "--kernel", kernel.vmlinuz().toString(),
                        "--modules", kernel.modules().toString(), "--runtime", setup.runtime().tree().toString(),
                        "--busybox", setup.busybox().toString(), "--json").out();
                Files.writeString(cached, json);
                source = "an estimate measured now (KEXKIT_ESTIMATE=1), cached in " + cached;
            } else {
                String name = "crashkernel-estimate-" + kernel.release() + "-" + captureRuntime + ".json";
                try (InputStream in = EstimatedCrashkernel.class.getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IllegalStateException("no measurement of " + kernel.release() + " (" + captureRuntime
                                + ") cached in " + cached + " or recorded as " + name + ": run with KEXKIT_ESTIMATE=1");
                    }
                    json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                source = "the estimate recorded in the repository (" + name + ")";
            }
            return choose(json, source, memoryMiB, cpus);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The estimate's rule on the measurements in {@code json}, for a guest of that memory and CPUs. */
    static Choice choose(String json, String source, int memoryMiB, int cpus) {
        CrashkernelEstimate e = CrashkernelEstimate.of(runs(json), memoryMiB, cpus);
        return new Choice(e.recommendedMiB(), source, e);
    }

    static List<CrashkernelEstimate.Measurement> runs(String json) {
        List<CrashkernelEstimate.Measurement> runs = new ArrayList<>();
        Matcher m = RUN.matcher(json);
        while (m.find()) {
            runs.add(new CrashkernelEstimate.Measurement(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3))));
        }
        return runs;
    }
}
