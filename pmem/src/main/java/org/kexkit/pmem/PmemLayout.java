package org.kexkit.pmem;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kexkit.bin.PhysRange;

/**
 * A machine's persistent memory as a dump sees it: the regions, their namespaces, and which bytes
 * are metadata (kept) and which are user data (never dumped). Parts of a region onlined as System
 * RAM are RAM, not pmem, and appear in neither list.
 */
public record PmemLayout(List<PmemRegion> regions) {
    public static final PmemLayout NONE = new PmemLayout(List.of());

    public PmemLayout {
        regions = List.copyOf(regions);
    }

    public boolean isEmpty() {
        return regions.isEmpty();
    }

    public List<PmemNamespace> namespaces() {
        List<PmemNamespace> out = new ArrayList<>();
        regions.forEach(r -> out.addAll(r.namespaces()));
        return out;
    }

    /** The persistent memory a crash header lists as PF_DEV PT_LOADs, in address order. */
    public List<PhysRange> pmemRanges() {
        List<PhysRange> out = new ArrayList<>();
        regions.forEach(r -> out.addAll(r.pmemRanges()));
        out.sort(null);
        return out;
    }

    /** The metadata of every namespace that has some, in address order. */
    public List<PhysRange> metadataRanges() {
        List<PhysRange> out = new ArrayList<>();
        for (PmemRegion r : regions) {
            for (PmemNamespace n : r.namespaces()) {
                n.metadata().ifPresent(m -> out.addAll(PhysRange.minusAll(List.of(m), r.ramInside())));
            }
        }
        out.sort(null);
        return out;
    }

    /** All pmem that is not metadata, in address order. */
    public List<PhysRange> userDataRanges() {
        List<PhysRange> out = new ArrayList<>(PhysRange.minusAll(pmemRanges(), metadataRanges()));
        out.sort(null);
        return out;
    }

    /** The namespaces whose metadata is unknown, with the reason (one line each). */
    public List<String> problems() {
        return namespaces().stream().flatMap(n -> n.problem().stream()).toList();
    }

    /** The namespace holding {@code address}, if any. */
    public Optional<PmemNamespace> namespaceAt(long address) {
        return namespaces().stream().filter(n -> n.range().contains(address)).findFirst();
    }

    /** The same layout with {@code replacement} in place of the namespace of the same name and range. */
    public PmemLayout with(PmemNamespace replacement) {
        List<PmemRegion> out = new ArrayList<>();
        for (PmemRegion r : regions) {
            List<PmemNamespace> ns = r.namespaces().stream().map(n -> n.name().equals(replacement.name())
                    && n.range().equals(replacement.range()) ? replacement : n).toList();
            out.add(new PmemRegion(r.name(), r.range(), r.kind(), r.ramInside(), ns));
        }
        return new PmemLayout(out);
    }

    public long pmemBytes() {
        return pmemRanges().stream().mapToLong(PhysRange::size).sum();
    }

    public long metadataBytes() {
        return metadataRanges().stream().mapToLong(PhysRange::size).sum();
    }
}
