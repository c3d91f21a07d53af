package org.kexkit.kexec.image;

import org.kexkit.kexec.Errno;
import org.kexkit.kexec.KexecRefusalText;
import org.kexkit.kexec.KexecSystemReader;

/**
 * Turns the errno of a failed kexec_load (or of reboot(LINUX_REBOOT_CMD_KEXEC))
 * into one line that says what went wrong and what to do, reading the
 * system files that tell which cause applies. Never suggests weakening
 * lockdown or signature checks.
 */
public final class KexecLoadFailureExplainer {
    private final KexecSystemReader system;

    public KexecLoadFailureExplainer(KexecSystemReader system) {
        this.system = system;
    }

    /**
     * @param crash a crash (KEXEC_ON_CRASH) load or unload
     * @param unload nr_segments was 0
     * @param flags the flags passed, to mention KEXEC_UPDATE_ELFCOREHDR when it matters
     * @param kernelName the kernel as the user named it, or null
     */
    public String explain(boolean crash, boolean unload, long flags, int errno, String kernelName) {
        Errno error = Errno.of(errno);
        String what = (unload ? "unload the " : "load the ") + (crash ? "crash kernel" : "kexec kernel")
                + (unload || kernelName == null ? "" : " " + kernelName);
        return "cannot " + what + ": kexec_load failed with " + error.name() + ": " + reason(crash, unload, flags, errno, error);
    }

    /** For a refused reboot(LINUX_REBOOT_CMD_KEXEC). */
    public String explainReboot(int errno) {
        Errno error = Errno.of(errno);
        String reason = switch (errno) {
            case Errno.EPERM -> "needs CAP_SYS_BOOT (run as root)";
            case Errno.EINVAL -> "no kexec kernel is loaded (load one with -l first)";
            default -> error.text();
        };
        return "cannot start the kexec kernel: reboot(LINUX_REBOOT_CMD_KEXEC) failed with " + error.name() + ": " + reason;
    }

    private String reason(boolean crash, boolean unload, long flags, int errno, Errno error) {
        if (errno == Errno.EPERM) {
            return permission();
        }
        if (errno == Errno.ENOSYS) {
            return "the running kernel was built without kexec_load (CONFIG_KEXEC); kexec_file_load (-s) may still work";
        }
        boolean hotplug = (flags & KexecLoadFlags.UPDATE_ELFCOREHDR) != 0;
        if (crash && !unload && (errno == Errno.EINVAL || errno == Errno.EADDRNOTAVAIL || errno == Errno.EBUSY
                || errno == Errno.ENOMEM)) {
            return crashRegion(errno, hotplug);
        }
        return switch (errno) {
            case Errno.EBUSY -> error.text() + ": another kexec load or unload is in progress";
            case Errno.ENOMEM -> error.text() + ": not enough free memory for the segments";
            case Errno.EADDRNOTAVAIL -> error.text() + ": a segment lies outside the memory the kernel lets kexec use";
            case Errno.EINVAL -> error.text() + ": the kernel rejected the segment list (page alignment, overlap,"
                    + " more than 16 segments) or the flags" + (hotplug ? " (KEXEC_UPDATE_ELFCOREHDR needs crash hotplug"
                    + " support, CONFIG_CRASH_HOTPLUG)" : "");
            default -> error.text();
        };
    }

    private String crashRegion(int errno, boolean hotplug) {
        StringBuilder text = KexecRefusalText.crashReservation(system,
                "the segments do not fit the crashkernel= region, or it is missing", errno);
        if (errno == Errno.EINVAL && hotplug) {
            text.append("; or the kernel lacks crash hotplug support for KEXEC_UPDATE_ELFCOREHDR");
        }
        return text.toString();
    }

    private String permission() {
        return KexecRefusalText.permission(system, "which forbids kexec_load entirely;"
                + " only kexec_file_load can load a kernel now, and only a signed one the kernel verifies:"
                + " load with -s (kexec_file_load) and a signed kernel", ", or kernel lockdown forbids kexec_load"
                + " (then only kexec_file_load, -s, with a signed kernel works)");
    }
}
