package org.kexkit.qemu;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A normal kexec with kexkit: `kexkit kexec -l KERNEL ... -c` then `kexkit kexec -e` in a guest;
 * the run succeeds when the same kernel boots again to userspace with the command line it was
 * given.
 */
public final class KexecReboot {
    /** What the second kernel said about itself, and the timings. */
    public record Report(String kernelLabel, double loadSeconds, double execToSecondUserspaceSeconds,
            String secondCmdline, String secondRelease, String marker) {}

    private final PanicCapture.Setup setup;
    private final PanicCapture.Options options;

    public KexecReboot(PanicCapture.Setup setup, PanicCapture.Options options) {
        this.setup = setup;
        this.options = options;
    }

    public Report run(GuestKernel kernel, String loadArgs) {
        String marker = "KEXKIT-MARKER-" + UUID.randomUUID();
        GuestRun.Result run = new GuestRun(setup, options).boot(kernel, "kexec-reboot-" + kernel.label(),
                "scenario-kexec-reboot.sh", Map.of("MARKER", marker, "LOAD_ARGS", loadArgs), Map.of(), List.of());
        SerialLog log = run.log();
        SerialLog.Line load = need(run, "KEXKIT-GUEST: kexec-load");
        if (!load.text().contains("rc=0 ")) {
            throw new HarnessException("kexkit kexec -l failed in the guest: " + load.text() + " (console log: "
                    + run.logFile() + "); last lines: " + Command.lastLines(log.tail(10), 10));
        }
        SerialLog.Line exec = need(run, "KEXKIT-GUEST: kexec-exec at");
        SerialLog.Line second = need(run, "KEXKIT-GUEST: second kernel userspace");
        String cmdline = need(run, "KEXKIT-GUEST: second cmdline").text().replaceFirst(".*second cmdline ", "");
        String release = need(run, "KEXKIT-GUEST: second release").text().replaceFirst(".*second release ", "");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("start=([0-9.]+) end=([0-9.]+)").matcher(load.text());
        double loadSeconds = m.find() ? Double.parseDouble(m.group(2)) - Double.parseDouble(m.group(1)) : Double.NaN;
        return new Report(kernel.label(), loadSeconds, second.seconds() - exec.seconds(), cmdline, release, marker);
    }

    private static SerialLog.Line need(GuestRun.Result run, String needle) {
        return run.log().find(needle, 0).orElseThrow(() -> new HarnessException("the guest never printed '" + needle
                + "' (console log: " + run.logFile() + "); last lines: " + Command.lastLines(run.log().tail(10), 10)));
    }
}
