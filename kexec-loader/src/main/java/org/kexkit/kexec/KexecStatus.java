package org.kexkit.kexec;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.kexkit.bin.PhysRange;

/**
 * What /sys/kernel says about kexec: whether a normal and a crash image are
 * loaded, the size of the crashkernel= reservation, and the crashkernel=SIZE,cma
 * areas (empty when there are none or the kernel predates them). Empty where the
 * file is missing (kernel built without kexec or crash dump support) or unreadable.
 */
public record KexecStatus(Optional<Boolean> loaded, Optional<Boolean> crashLoaded, OptionalLong crashSize,
        List<PhysRange> crashCmaRanges) {
    public KexecStatus {
        crashCmaRanges = List.copyOf(crashCmaRanges);
    }

    public KexecStatus(Optional<Boolean> loaded, Optional<Boolean> crashLoaded, OptionalLong crashSize) {
        this(loaded, crashLoaded, crashSize, List.of());
    }

    /** Bytes in the crashkernel=,cma areas. */
    public long crashCmaSize() {
        return crashCmaRanges.stream().mapToLong(PhysRange::size).sum();
    }
}
