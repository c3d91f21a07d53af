package org.kexkit.qemu;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kexkit.qemu.run.QemuRunException;
import org.kexkit.qemu.run.SerialLog;

/**
 * A normal kexec with kexkit: `kexkit kexec -l KERNEL ... -c` then `kexkit kexec -e` in a guest;
 * the run succeeds when the same kernel boots again to userspace with the command line it was
 * given. On request the second kernel then raises its lockdown to integrity and kexkit tries an
 * unsigned kernel through kexec_file_load and a kernel through kexec_load (scenario-kexec-reboot.sh).
 */
public final class KexecReboot {
    /** What the second kernel said about itself, and the timings. */
    public record Report(String kernelLabel, double loadSeconds, double execToSecondUserspaceSeconds,
            String secondCmdline, String secondRelease, String marker, Optional<Lockdown> lockdown) {}

    /** What kexkit did under lockdown=integrity: the mode file's text and the two attempts. */
    public record Lockdown(String mode, String unsignedImage, Attempt fileLoad, Attempt kexecLoad, double seconds) {}

    /** One `kexkit kexec -l` under lockdown: its exit code, whether a kernel got loaded, its stderr. */
    public record Attempt(int exitCode, boolean loaded, int stderrLines, String stderr) {}

    private final PanicCapture.Setup setup;
    private final PanicCapture.Options options;

    public KexecReboot(PanicCapture.Setup setup, PanicCapture.Options options) {
        this.setup = setup;
        this.options = options;
    }

    public Report run(GuestKernel kernel, String loadArgs) {
        return run(kernel, loadArgs, false);
    }

    /** As {@link #run(GuestKernel, String)}, and with {@code lockdownCheck} the checks under lockdown. */
    public Report run(GuestKernel kernel, String loadArgs, boolean lockdownCheck) {
        String marker = "KEXKIT-MARKER-" + UUID.randomUUID();
        GuestRun.Result run = new GuestRun(setup, options).boot(kernel, "kexec-reboot-" + kernel.label(),
                "scenario-kexec-reboot.sh", Map.of("MARKER", marker, "LOAD_ARGS", loadArgs, "LOCKDOWN_CHECK",
                        lockdownCheck ? "1" : "0"), Map.of(), List.of());
        SerialLog.Line load = run.needSuccess("KEXKIT-GUEST: kexec-load", "kexkit kexec -l");
        SerialLog.Line exec = run.need("KEXKIT-GUEST: kexec-exec at");
        SerialLog.Line second = run.need("KEXKIT-GUEST: second kernel userspace");
        String cmdline = run.need("KEXKIT-GUEST: second cmdline").text().replaceFirst(".*second cmdline ", "");
        String release = run.need("KEXKIT-GUEST: second release").text().replaceFirst(".*second release ", "");
        Optional<Lockdown> lockdown = lockdownCheck ? Optional.of(lockdown(run)) : Optional.empty();
        run.discardImages();
        return new Report(kernel.label(), GuestRun.span(load), second.seconds() - exec.seconds(), cmdline, release, marker,
                lockdown);
    }

    private static Lockdown lockdown(GuestRun.Result run) {
        String unsigned = after(run.need("KEXKIT-GUEST: lockdown-unsigned"), "lockdown-unsigned ");
        String mode = after(run.need("KEXKIT-GUEST: lockdown-mode"), "lockdown-mode ");
        double seconds = GuestRun.span(run.need("KEXKIT-GUEST: lockdown-check start="));
        return new Lockdown(mode, unsigned, attempt(run, "file"), attempt(run, "load"), seconds);
    }

    private static Attempt attempt(GuestRun.Result run, String how) {
        String line = after(run.need("KEXKIT-GUEST: lockdown-" + how + " rc="), "lockdown-" + how + " ");
        Matcher m = Pattern.compile("rc=(\\d+) loaded=(\\d+) lines=(\\d+)").matcher(line);
        if (!m.find()) {
            throw new QemuRunException("cannot read the guest's line '" + line + "'");
        }
        String stderr = after(run.need("KEXKIT-GUEST: lockdown-" + how + "-err"), "lockdown-" + how + "-err ");
        return new Attempt(Integer.parseInt(m.group(1)), m.group(2).equals("1"), Integer.parseInt(m.group(3)), stderr);
    }

    private static String after(SerialLog.Line line, String marker) {
        String text = line.text();
        int at = text.indexOf(marker);
        return at < 0 ? text : text.substring(at + marker.length()).strip();
    }
}
