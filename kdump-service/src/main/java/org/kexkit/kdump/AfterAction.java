package org.kexkit.kdump;

import java.util.Locale;

/** What the capture environment does once the dump is written ({@code final_action}) or has failed ({@code failure_action}). */
public enum AfterAction {
    REBOOT, HALT, POWEROFF, SHELL;

    /** The word the config and the capture's last output line use. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
