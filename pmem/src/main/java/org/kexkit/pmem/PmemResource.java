package org.kexkit.pmem;

import java.util.List;
import org.kexkit.bin.PhysRange;

/**
 * One persistent-memory line of /proc/iomem, with the parts of it onlined as System RAM (a devdax
 * device given to the kmem driver shows as "System RAM (kmem)" nested inside): those parts are RAM,
 * dumped and filtered as RAM.
 */
public record PmemResource(PhysRange range, PmemResourceKind kind, List<PhysRange> ramInside) {
    public PmemResource {
        ramInside = List.copyOf(ramInside);
    }
}
