package org.kexkit.kexec;

import java.util.Optional;
import java.util.OptionalLong;

/** Wording both failure explainers (kexec_file_load and kexec_load) give for the same system facts. */
public final class KexecRefusalText {
    private KexecRefusalText() {
    }

    /** How much crashkernel= reserved: "none reserved", "reserved 256 MiB (...)", or why that is unknown. */
    public static String crashReservation(KexecSystemReader system) {
        OptionalLong size = system.crashSize();
        if (size.isEmpty()) {
            return "reserved size unknown: /sys/kernel/kexec_crash_size is unreadable";
        }
        return size.getAsLong() == 0 ? "none reserved" : "reserved " + Sizes.describe(size.getAsLong());
    }

    /** The reason for EPERM when kernel.kexec_load_disabled is 1, which holds whatever else applies. */
    public static Optional<String> loadDisabled(KexecSystemReader system) {
        return system.kexecLoadDisabled().orElse(false)
                ? Optional.of("kexec is disabled until the next boot (/proc/sys/kernel/kexec_load_disabled is 1)")
                : Optional.empty();
    }
}
