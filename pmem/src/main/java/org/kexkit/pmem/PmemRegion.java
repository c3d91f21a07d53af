package org.kexkit.pmem;

import java.util.ArrayList;
import java.util.List;
import org.kexkit.bin.PhysRange;

/**
 * A pmem region: one persistent-memory range of /proc/iomem (regionX under /sys/bus/nd when
 * libnvdimm drives it), the namespaces in it, and the parts onlined as System RAM.
 */
public record PmemRegion(String name, PhysRange range, PmemResourceKind kind, List<PhysRange> ramInside,
        List<PmemNamespace> namespaces) {
    public PmemRegion {
        ramInside = List.copyOf(ramInside);
        namespaces = List.copyOf(namespaces);
    }

    /** The region less its System RAM parts: the ranges a crash header marks PF_DEV. */
    public List<PhysRange> pmemRanges() {
        return PhysRange.minusAll(List.of(range), ramInside);
    }

    /** Pmem of the region in no namespace (free capacity, or a region libnvdimm does not drive). */
    public List<PhysRange> outsideNamespaces() {
        List<PhysRange> cuts = new ArrayList<>(ramInside);
        namespaces.forEach(n -> cuts.add(n.range()));
        return PhysRange.minusAll(List.of(range), cuts);
    }
}
