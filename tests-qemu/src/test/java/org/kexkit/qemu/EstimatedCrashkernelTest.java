package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kexkit.qemu.run.CrashkernelEstimate;

/** The systemd guest's crashkernel= from the recorded estimate, without a boot. */
class EstimatedCrashkernelTest {
    @Test
    void theRecordedEstimateOfThe61KernelGivesTheGuest240M() throws Exception {
        String json;
        try (InputStream in = EstimatedCrashkernel.class.getResourceAsStream(
                "crashkernel-estimate-6.1.0-57-cloud-amd64-image.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(List.of(new CrashkernelEstimate.Measurement(1024, 1, 192), new CrashkernelEstimate.Measurement(4096, 1, 192),
                new CrashkernelEstimate.Measurement(1024, 2, 192)), EstimatedCrashkernel.runs(json));
        // 192M measured, no growth with memory or CPUs at 16M resolution, plus the margin of at least 32M (a quarter: 48M)
        EstimatedCrashkernel.Choice c = EstimatedCrashkernel.choose(json, "recorded", 1024, 2);
        assertEquals("240M", c.crashkernel());
        assertEquals(48, c.estimate().marginMiB());
    }

    @Test
    void readsTheEstimatesJsonAsItWritesIt() {
        String written = "{\"release\":\"r\",\"runs\":[{\"memory_mib\":1024,\"cpus\":1,\"smallest_crashkernel_mib\":128,"
                + "\"boots\":4,\"panic_to_dump_seconds\":20.5}],\"crashkernel\":\"160M\"}";
        assertEquals(List.of(new CrashkernelEstimate.Measurement(1024, 1, 128)), EstimatedCrashkernel.runs(written));
    }
}
