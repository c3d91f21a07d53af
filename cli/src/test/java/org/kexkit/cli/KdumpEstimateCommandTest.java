package org.kexkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.qemu.run.CrashkernelEstimate;

/** kdump estimate without QEMU: its report and the machine it reads. */
class KdumpEstimateCommandTest {
    @TempDir
    Path root;

    @Test
    void reportStatesMeasurementsDependenceAndMargin() {
        CrashkernelEstimate e = CrashkernelEstimate.of(List.of(new CrashkernelEstimate.Measurement(1024, 1, 192),
                new CrashkernelEstimate.Measurement(4096, 1, 192), new CrashkernelEstimate.Measurement(1024, 2, 208)), 8192, 4);
        String text = KdumpEstimateCommand.text(e, "6.1.0-test", false);
        assertTrue(text.startsWith("kdump estimate: crashkernel=304M for this machine (8192 MiB, 4 CPUs)\n"), text);
        assertTrue(text.contains("  measured:   1024 MiB, 1 CPU: smallest working crashkernel=192M\n"), text);
        assertTrue(text.contains("  dependence: 0.0 MiB per GiB of memory, 16.0 MiB per CPU\n"), text);
        assertTrue(text.contains("  predicted:  240M, plus a margin of 64M"), text);
        Map<String, Object> json = KdumpEstimateCommand.json(e, "6.1.0-test", true, List.of());
        assertEquals("304M", json.get("crashkernel"));
        assertEquals("disk", json.get("capture_runtime"));
    }

    @Test
    void quickSaysTheDependenceWasNotMeasured() {
        CrashkernelEstimate e = CrashkernelEstimate.of(List.of(new CrashkernelEstimate.Measurement(1024, 1, 192)), 2048, 2);
        assertTrue(KdumpEstimateCommand.text(e, "r", true).contains("dependence: not measured (--quick)"));
        assertEquals(null, KdumpEstimateCommand.json(e, "r", true, List.of()).get("mib_per_gib"));
    }

    @Test
    void readsTheMachinesMemoryAndCpus() throws Exception {
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/meminfo"), "MemTotal:        8148236 kB\nMemFree:  1 kB\n");
        Files.writeString(root.resolve("proc/cpuinfo"), "processor\t: 0\nmodel name\t: x\n\nprocessor\t: 1\n\n");
        assertEquals(7957, KdumpEstimateCommand.memTotalMiB(root));
        assertEquals(2, KdumpEstimateCommand.cpus(root));
    }

    @Test
    void aMissingKernelIsOneLine() {
        CliRun r = CliRun.of(new FakeKernel().environment(root), "kdump", "estimate", "--kernel", root.resolve("nope").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.errLine().contains("nope: no such file"), r.errLine());
    }
}
