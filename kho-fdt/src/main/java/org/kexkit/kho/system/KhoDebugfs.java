package org.kexkit.kho.system;

import java.util.List;
import java.util.Optional;

/**
 * /sys/kernel/debug/kho of Linux 7.2 (kernel/liveupdate/kexec_handover_debugfs.c): out/ with the
 * outgoing root FDT, scratch_phys, scratch_len and sub_fdts/; in/ only in a kernel booted
 * through KHO. Nothing there is writable: 7.2 has no finalize step.
 */
public record KhoDebugfs(String path, Optional<KhoDebugfsDir> in, Optional<KhoDebugfsDir> out,
        List<ScratchArea> scratch) {
    public KhoDebugfs {
        scratch = List.copyOf(scratch);
    }

    /** Whether the previous kernel handed data over to this one (kho/in exists). */
    public boolean bootedThroughKho() {
        return in.isPresent();
    }
}
