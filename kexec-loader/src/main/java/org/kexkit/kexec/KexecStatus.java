package org.kexkit.kexec;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * What /sys/kernel says about kexec: whether a normal and a crash image are
 * loaded, and the size of the crashkernel= reservation. Empty where the file
 * is missing (kernel built without kexec or crash dump support) or unreadable.
 */
public record KexecStatus(Optional<Boolean> loaded, Optional<Boolean> crashLoaded, OptionalLong crashSize) {
}
