package org.kexkit.qemu;

import java.util.List;
import java.util.Map;

/**
 * What one panic-and-capture run measured and what the independent reader saw.
 * Times are seconds; guest times are emulation times when the accelerator is TCG.
 */
public record CaptureReport(
        String kernelLabel,
        String release,
        String accelerator,
        String crashkernel,
        long initramfsBytes,
        double kexecLoadSeconds,
        double bootToPanicSeconds,
        double panicToCaptureUserspaceSeconds,
        double jvmStartSeconds,
        double vmcoreSaveSeconds,
        long vmcoreBytes,
        double makedumpfileSeconds,
        long dumpfileBytes,
        long captureMemTotalKiB,
        Map<String, String> drgn,
        Map<String, String> drgnOnDump,
        List<String> crashProblems,
        String marker) {

    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("kernel %s (%s), QEMU %s, crashkernel=%s%n", kernelLabel, release, accelerator, crashkernel));
        sb.append(String.format("  initramfs                      %8.1f MiB%n", initramfsBytes / 1048576.0));
        sb.append(String.format("  kexkit kexec -p (load)         %8.2f s%n", kexecLoadSeconds));
        sb.append(String.format("  boot to panic                  %8.2f s%n", bootToPanicSeconds));
        sb.append(String.format("  panic to capture userspace     %8.2f s%n", panicToCaptureUserspaceSeconds));
        sb.append(String.format("  capture kernel MemTotal        %8d KiB%n", captureMemTotalKiB));
        sb.append(String.format("  JVM start (kexkit --version)   %8.2f s%n", jvmStartSeconds));
        sb.append(String.format("  vmcore save                    %8.2f s (%.1f MiB)%n", vmcoreSaveSeconds, vmcoreBytes / 1048576.0));
        sb.append(String.format("  makedumpfile -d 31 -z           %8.2f s (%.1f MiB)%n", makedumpfileSeconds, dumpfileBytes / 1048576.0));
        sb.append("  drgn saw (ELF vmcore | -d 31 -z dump):\n");
        drgn.forEach((k, v) -> sb.append(String.format("    %-16s %s%s%n", k, v,
                v.equals(drgnOnDump.get(k)) ? "  (same in the dump)" : "  | " + drgnOnDump.get(k))));
        sb.append(crashProblems.isEmpty() ? "  crash: sys, ps, log and bt print the same for the dump and the vmcore\n"
                : "  crash: " + String.join("; ", crashProblems) + "\n");
        return sb.toString();
    }
}
