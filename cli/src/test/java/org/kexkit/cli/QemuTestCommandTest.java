package org.kexkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.kdump.DumpTarget;
import org.kexkit.kdump.KdumpConfig;
import org.kexkit.kdump.KdumpConfigParser;
import org.kexkit.qemu.run.CrashkernelSearch;
import org.kexkit.qemu.run.DumpVerification;
import org.kexkit.qemu.run.PanicTestImages;
import org.kexkit.qemu.run.PanicTestOutcome;
import org.kexkit.qemu.run.PanicTestPlan;

/** kexkit qemu-test without QEMU: its argument checks (each one line, nothing booted) and its report. */
class QemuTestCommandTest {
    @TempDir
    Path dir;
    Path kernel;
    Path modules;

    @BeforeEach
    void files() throws Exception {
        kernel = Files.write(dir.resolve("vmlinuz"), new byte[0x400]); // no setup header: --modules names the release
        modules = Files.createDirectories(dir.resolve("6.1.0-test"));
    }

    private CliRun run(String... args) {
        return CliRun.of(new FakeKernel().environment(dir), args);
    }

    private void refused(String expected, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("qemu-test", "--kernel", kernel.toString(), "--modules",
                modules.toString(), "--busybox", kernel.toString(), "--runtime", dir.toString()));
        args.addAll(List.of(extra));
        CliRun r = run(args.toArray(String[]::new));
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.errLine().contains(expected), r.errLine());
        assertEquals("", r.out());
    }

    @Test
    void badArgumentsAreOneLineEach() {
        refused("--crashkernel and --find-crashkernel exclude each other", "--crashkernel", "128M", "--find-crashkernel");
        refused("--level: 3 is not 4 or 5", "--level", "3");
        refused("--mem: '12X' is not a size like 256M or 1G", "--mem", "12X");
        refused("--crashkernel 1G leaves nothing of --mem 1G", "--crashkernel", "1G");
        refused("--cpus: 0 is not between 1 and 64", "--cpus", "0");
        refused("--find-crashkernel needs --mem of at least 256M", "--find-crashkernel", "--mem", "240M");
        refused("--capture-runtime: 'ram' is not image or disk", "--capture-runtime", "ram");
        refused("not a kexkit runtime tree");
    }

    @Test
    void aMissingKernelOrModuleTreeIsNamed() {
        CliRun r = run("qemu-test", "--kernel", dir.resolve("nope").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.errLine().contains("nope: no such file"), r.errLine());
        r = run("qemu-test", "--kernel", kernel.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.errLine().contains("offset 0x202: no bzImage setup header"), r.errLine());
        r = run("qemu-test", "--kernel", kernel.toString(), "--modules", dir.resolve("gone").toString());
        assertTrue(r.errLine().contains("gone: not a directory"), r.errLine());
    }

    @Test
    void kernelIsRequired() {
        CliRun r = run("qemu-test");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--kernel"), r.err());
    }

    @Test
    void searchStopsBelowWhatTheGuestCanReserve() {
        assertEquals(384, org.kexkit.qemu.run.CrashkernelSearch.high(1024));
        assertEquals(512, org.kexkit.qemu.run.CrashkernelSearch.high(2048));
        assertEquals(512, org.kexkit.qemu.run.CrashkernelSearch.high(4096));
        assertEquals(96, org.kexkit.qemu.run.CrashkernelSearch.high(256));
    }

    @Test
    void theCapturesKdumpConfParses() throws Exception {
        KdumpConfig c = KdumpConfigParser.parse(Path.of("kdump.conf"), PanicTestImages.kdumpConf());
        assertEquals(new DumpTarget.BlockDevice(DumpTarget.BlockDevice.Key.LABEL, PanicTestImages.DUMP_LABEL, "/crash"),
                c.target());
        assertEquals("31", c.dumpLevel());
    }

    private static PanicTestPlan plan() {
        Path k = Path.of("/boot/vmlinuz-6.1.0-test");
        return new PanicTestPlan(k, "6.1.0-test", Optional.empty(), 1024, 2, 256, 4, Path.of("/t"), Path.of("/bin/busybox"), false);
    }

    private static PanicTestOutcome written(int mib) {
        return new PanicTestOutcome(mib, Optional.empty(), 12.7, 48.1, 46.8, 28368787, Optional.of(Path.of("/r/dump")),
                Optional.of(Path.of("/r")), Path.of("/r/serial.log"));
    }

    private static DumpVerification.Result verified(boolean markerSeen) {
        return new DumpVerification.Result(List.of(new DumpVerification.Check("kexkit", "release", true, "6.1.0-test"),
                new DumpVerification.Check("kexkit", "marker in dmesg", markerSeen, "M")), List.of("drgn: not installed"));
    }

    @Test
    void reportSaysWhatWasVerifiedByWhomAndTheTimings() {
        QemuTestReport r = new QemuTestReport(plan(), "tcg", List.of("virtio_blk"), 37749205, 88320411, 24.1, written(256),
                Optional.of(verified(true)), Optional.empty(), List.of(written(256)));
        assertEquals(Optional.empty(), r.failure());
        String text = r.text();
        assertTrue(text.contains("  verified:    kexkit release (6.1.0-test)\n"), text);
        assertTrue(text.contains("  not verified: drgn: not installed\n"), text);
        assertTrue(text.contains("boot 12.7 s, load 48.1 s, panic to dump written 46.8 s; dump 27.1 MiB"), text);
        assertTrue(text.endsWith("  result:      dump verified\n"), text);
        Map<String, Object> json = r.json();
        assertEquals(true, json.get("verified"));
        assertEquals(46.8, json.get("panic_to_dump_seconds"));
        assertEquals(28368787L, json.get("dump_bytes"));
        assertTrue(Json.write(json).contains("\"checks\":[{\"reader\":\"kexkit\",\"what\":\"release\",\"ok\":true"));
    }

    @Test
    void aFailedCheckOrBootIsTheOneLine() {
        QemuTestReport r = new QemuTestReport(plan(), "tcg", List.of(), 1, 1, 1, written(256), Optional.of(verified(false)),
                Optional.empty(), List.of());
        assertEquals(Optional.of("the dump did not verify: kexkit marker in dmesg: M"), r.failure());
        PanicTestOutcome failed = new PanicTestOutcome(256, Optional.of("the capture kernel did not finish"), 12, 40,
                Double.NaN, -1, Optional.empty(), Optional.empty(), Path.of("/r/serial.log"));
        r = new QemuTestReport(plan(), "tcg", List.of(), 1, 1, 1, failed, Optional.empty(), Optional.empty(), List.of(failed));
        assertEquals(Optional.of("the capture kernel did not finish"), r.failure());
        assertTrue(r.text().contains("panic to dump written -; dump none"), r.text());
        assertEquals(null, r.json().get("panic_to_dump_seconds"));
    }

    @Test
    void searchReportNamesTheSmallestAndTheSizeBelow() {
        CrashkernelSearch.Result s = new CrashkernelSearch(64, 512, 16).run(mib -> mib >= 192);
        QemuTestReport r = new QemuTestReport(plan(), "tcg", List.of(), 1, 1, 1, written(192), Optional.of(verified(true)),
                Optional.of(s), List.of());
        assertTrue(r.text().contains("  smallest crashkernel=: 192M (176M failed)\n"), r.text());
        assertTrue(r.text().contains("crashkernel search (" + s.probes().size() + " boots): 512M ok 288M ok"), r.text());
        assertEquals(192, r.json().get("smallest_crashkernel_mib"));
        CrashkernelSearch.Result none = new CrashkernelSearch(64, 512, 16).run(mib -> false);
        PanicTestOutcome failed = new PanicTestOutcome(512, Optional.of("the capture kernel did not finish"), 12, 40,
                Double.NaN, -1, Optional.empty(), Optional.empty(), Path.of("/r/serial.log"));
        r = new QemuTestReport(plan(), "tcg", List.of(), 1, 1, 1, failed, Optional.empty(), Optional.of(none), List.of());
        assertEquals(Optional.of("no crashkernel= up to 512M completed the dump: the capture kernel did not finish"), r.failure());
        assertFalse(r.json().containsKey("smallest_crashkernel_mib") && r.json().get("smallest_crashkernel_mib") != null);
        assertEquals(OptionalInt.empty(), none.smallest());
    }
}
