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
        SerialLog.Line load = run.needSuccess("KEXKIT-GUEST: kexec-load", "kexkit kexec -l");
        SerialLog.Line exec = run.need("KEXKIT-GUEST: kexec-exec at");
        SerialLog.Line second = run.need("KEXKIT-GUEST: second kernel userspace");
        String cmdline = run.need("KEXKIT-GUEST: second cmdline").text().replaceFirst(".*second cmdline ", "");
        String release = run.need("KEXKIT-GUEST: second release").text().replaceFirst(".*second release ", "");
        run.discardImages();
        return new Report(kernel.label(), GuestRun.span(load), second.seconds() - exec.seconds(), cmdline, release, marker);
    }
}
