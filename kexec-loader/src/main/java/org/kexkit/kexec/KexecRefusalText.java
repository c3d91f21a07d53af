package org.kexkit.kexec;

import java.util.Optional;
import java.util.OptionalLong;

/** Wording both failure explainers (kexec_file_load and kexec_load) give for the same system facts. */
public final class KexecRefusalText {
    private KexecRefusalText() {
    }

    /**
     * "{@code problem} (reserved 256 MiB (...)); boot with a larger crashkernel=, ..." for a crash
     * load the reservation may not hold, to which the caller may append its own last cause.
     */
    public static StringBuilder crashReservation(KexecSystemReader system, String problem, int errno) {
        StringBuilder text = new StringBuilder(problem).append(" (").append(reserved(system))
                .append("); boot with a larger crashkernel=, e.g. crashkernel=256M");
        if (errno == Errno.EBUSY) {
            text.append(", or wait if another kexec load is in progress");
        }
        return text;
    }

    private static String reserved(KexecSystemReader system) {
        OptionalLong size = system.crashSize();
        if (size.isEmpty()) {
            return "reserved size unknown: /sys/kernel/kexec_crash_size is unreadable";
        }
        return size.getAsLong() == 0 ? "none reserved" : "reserved " + Sizes.describe(size.getAsLong());
    }

    /**
     * Why EPERM: kexec_load_disabled, else an active lockdown ({@code lockedDown} says what it
     * means for this syscall), else a missing CAP_SYS_BOOT ({@code lockdownUnknown} ends the line
     * when the lockdown file cannot be read).
     */
    public static String permission(KexecSystemReader system, String lockedDown, String lockdownUnknown) {
        if (system.kexecLoadDisabled().orElse(false)) {
            return "kexec is disabled until the next boot (/proc/sys/kernel/kexec_load_disabled is 1)";
        }
        Optional<String> lockdown = system.lockdownMode();
        if (lockdown.isPresent() && !lockdown.get().equals("none")) {
            return "kernel lockdown is active (mode: " + lockdown.get() + "), " + lockedDown;
        }
        return "needs CAP_SYS_BOOT (run as root)"
                + (lockdown.isPresent() ? "; kernel lockdown is off (none)" : lockdownUnknown);
    }
}
