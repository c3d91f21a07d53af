package org.kexkit.kexec.sys;

import java.util.List;
import org.kexkit.kexec.image.KexecImage;
import org.kexkit.kexec.image.KexecLoadFlags;
import org.kexkit.kexec.image.Segment;

/**
 * The kexec_load(2) system call, behind an interface so that everything
 * above it is tested with a fake and never reaches the real kernel.
 */
public interface KexecLoadSyscall {
    /**
     * Calls kexec_load(entry, nr_segments, segments, flags). An empty list
     * unloads (nr_segments 0; with {@link KexecLoadFlags#ON_CRASH} the crash image).
     *
     * @return 0 on success, otherwise the errno the kernel returned
     */
    int kexecLoad(long entry, List<Segment> segments, long flags);

    /** Loads {@code image}; returns 0 or the errno. */
    default int load(KexecImage image, long flags) {
        return kexecLoad(image.entry(), image.segments(), flags);
    }

    /** Unloads the crash ({@code crash}) or the normal image; returns 0 or the errno. */
    default int unload(boolean crash) {
        return kexecLoad(0, List.of(), KexecLoadFlags.of(crash, false));
    }
}
