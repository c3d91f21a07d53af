package org.kexkit.kho.system;

import org.kexkit.kho.KhoException;

/** There is no /sys/kernel/debug/kho to read; {@link #absence()} says why and where. */
public final class KhoDebugfsAbsent extends KhoException {
    private static final long serialVersionUID = 1L;

    private final KhoDebugfsReader.Absence absence;

    public KhoDebugfsAbsent(KhoDebugfsReader.Absence absence) {
        super(absence.path() + ": " + switch (absence.reason()) {
            case NO_KHO -> "missing: KHO is off";
            case NOT_MOUNTED -> "debugfs is not mounted";
            case NOT_READABLE -> "permission denied";
            case READ_FAILED -> "cannot be listed: " + absence.error();
        });
        this.absence = absence;
    }

    public KhoDebugfsReader.Absence absence() {
        return absence;
    }
}
