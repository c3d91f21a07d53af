package org.kexkit.qemu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.kexkit.qemu.run.MemorySize;
import org.kexkit.qemu.run.QemuRunException;
import org.kexkit.qemu.run.SerialLog;

/**
 * The smallest crashkernel= that completes a -d 31 -z capture of the 6.1 guest (1 GiB, or --mem), for kexkit's own capture
 * environment ({@code kexkit kdump setup}, runtime in the image or on disk) and for makedumpfile's minimal one, in
 * the same harness: each size is one boot (first kernel, panic, capture kernel). Sizes are tried from the largest
 * down; a kind stops at its first failure. Usage: Footprint [--mem SIZE] KIND[,KIND] SIZE... with KIND image, disk
 * or makedumpfile and SIZE like 256M; --mem is the guest's memory (default 1G). Not part of the test suite: one
 * boot takes minutes under TCG.
 */
public final class Footprint {
    private Footprint() {}

    /** One boot's outcome. */
    record Probe(String kind, String crashkernel, boolean captured, double panicToEnd, long imageBytes, String detail) {}

    public static void main(String[] args) throws Exception {
        int memoryMiB = PanicCapture.Options.defaults().memoryMiB();
        if (args.length >= 2 && args[0].equals("--mem")) {
            memoryMiB = MemorySize.mebibytes(args[1]);
            args = List.of(args).subList(2, args.length).toArray(String[]::new);
        }
        if (args.length < 2) {
            System.err.println("usage: Footprint [--mem SIZE] image|disk|makedumpfile[,...] SIZE...");
            System.exit(2);
        }
        PanicCapture.Options guest = PanicCapture.Options.defaults().withMemory(memoryMiB);
        Path repo = Path.of(System.getProperty("kexkit.repo", ".")).toAbsolutePath().normalize();
        // a capture kernel short of memory can thrash for long: a boot that has not ended by then failed
        System.setProperty(GuestRun.TIMEOUT_PROPERTY, System.getProperty(GuestRun.TIMEOUT_PROPERTY, "420"));
        HarnessCache cache = HarnessCache.fromEnvironment();
        PanicCapture.Setup setup = PanicCapture.Setup.prepare(cache, repo);
        GuestKernel kernel = new DebianKernels(cache, setup.sid()).byLabel("6.1");
        List<String> sizes = List.of(args).subList(1, args.length);
        List<Probe> probes = new ArrayList<>();
        for (String kind : args[0].split(",")) {
            for (String size : sizes) {
                Probe p = kind.equals("makedumpfile") ? makedumpfile(setup, kernel, guest, size) : kexkit(setup, kernel, guest, kind, size);
                probes.add(p);
                System.out.printf("footprint: %-12s mem=%dM crashkernel=%-5s %s%n", kind, memoryMiB, size, p.captured() ? String.format(
                        "captured, panic to poweroff %.1f s", p.panicToEnd()) : "FAILED: " + p.detail());
                if (!p.captured()) {
                    break;
                }
            }
        }
        System.out.println("| capture environment | crashkernel= | result | panic to poweroff s | image bytes |");
        System.out.println("|---|---|---|---|---|");
        for (Probe p : probes) {
            System.out.printf("| %s | %s | %s | %s | %d |%n", p.kind(), p.crashkernel(), p.captured() ? "dump written"
                    : "failed: " + p.detail().replace('|', '/'), p.captured() ? String.format("%.1f", p.panicToEnd()) : "-",
                    p.imageBytes());
        }
        System.exit(0);
    }

    private static Probe kexkit(PanicCapture.Setup setup, GuestKernel kernel, PanicCapture.Options guest, String kind,
            String size) {
        KdumpSetupCapture.Runtime runtime = KdumpSetupCapture.Runtime.valueOf(kind.toUpperCase(java.util.Locale.ROOT));
        try {
            KdumpSetupCapture.Report r = new KdumpSetupCapture(setup).run(kernel, runtime, guest, size);
            boolean ok = r.captured() && r.crashDir().map(d -> statusOk(d.resolve("status"))).orElse(false);
            long bytes = -1;
            var m = java.util.regex.Pattern.compile("\\((\\d+) bytes\\)").matcher(r.setupLine());
            if (m.find()) {
                bytes = Long.parseLong(m.group(1));
            }
            r.run().discardImages();
            return new Probe("kexkit " + kind, size, ok, r.panicToEnd(), bytes, ok ? "" : r.end());
        } catch (QemuRunException e) {
            return new Probe("kexkit " + kind, size, false, Double.NaN, -1, e.getMessage());
        }
    }

    private static boolean statusOk(Path status) {
        try {
            return Files.readString(status).startsWith("result=ok\n");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static Probe makedumpfile(PanicCapture.Setup setup, GuestKernel kernel, PanicCapture.Options guest,
            String size) {
        Path staging = setup.cache().freshRunDir("footprint-mdf-image");
        long bytes = MakedumpfileImage.write(staging.resolve("capture.img"), setup.sid(), setup.busybox(), kernel);
        try {
            GuestRun.Result run = new GuestRun(setup, guest.withCrashkernel(size))
                    .withBootDisk(Map.of("mdf", staging))
                    .boot(kernel, "footprint-makedumpfile-" + size + "-" + guest.memoryMiB() + "m", "scenario-footprint-makedumpfile.sh",
                            Map.of("MARKER", "KEXKIT-MARKER-" + UUID.randomUUID()), Map.of(), List.of());
            run.needSuccess("KEXKIT-GUEST: kexec-load", "kexkit kexec -p");
            SerialLog.Line panic = run.need(PanicCapture.SYSRQ_CRASH);
            var rc = run.log().find("mdf-capture: rc=", 0);
            var end = run.log().find("kexkit-capture: after the capture:", 0);
            boolean ok = rc.isPresent() && rc.get().text().contains("rc=0") && end.isPresent();
            String detail = ok ? "" : rc.map(l -> l.text().strip()).orElse(run.log().tail(3));
            run.discardImages();
            return new Probe("makedumpfile", size, ok, end.map(l -> l.seconds() - panic.seconds()).orElse(Double.NaN),
                    bytes, detail);
        } catch (QemuRunException e) {
            return new Probe("makedumpfile", size, false, Double.NaN, bytes, e.getMessage());
        }
    }
}
