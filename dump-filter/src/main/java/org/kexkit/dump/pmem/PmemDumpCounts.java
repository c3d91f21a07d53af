package org.kexkit.dump.pmem;

import java.util.ArrayList;
import java.util.List;
import org.kexkit.bin.PhysRange;
import org.kexkit.dump.filter.ExclusionClass;
import org.kexkit.dump.filter.PageFilter;
import org.kexkit.dump.filter.SourceFilter;
import org.kexkit.dump.source.VmcoreSource;
import org.kexkit.pmem.PmemLayout;
import org.kexkit.pmem.PmemNamespace;

/**
 * What a dump did with each namespace, in pages: metadata in the layout and in the dump, user data
 * left out, and the RAM pages of memmaps in RAM (case C) kept.
 *
 * @param origin         where the layout came from
 * @param namespaces     one entry per namespace
 * @param ramMemmapPages RAM pages holding struct pages of pmem, all kept
 */
public record PmemDumpCounts(String origin, List<Namespace> namespaces, long ramMemmapPages) {
    public PmemDumpCounts {
        namespaces = List.copyOf(namespaces);
    }

    /** One namespace: its metadata pages, those the dump holds, its user-data pages. */
    public record Namespace(PmemNamespace namespace, long metadataPages, long metadataDumped, long userDataPages) {
    }

    /**
     * @param filter the dump's page filter (pmem and level classes); pages the source does not hold
     *               count as not dumped
     */
    public static PmemDumpCounts of(PmemDumpInput input, MemmapPages memmap, PageFilter filter) {
        VmcoreSource source = input.source();
        PageFilter effective = SourceFilter.of(source, filter);
        int pageSize = source.pageSize();
        List<Namespace> out = new ArrayList<>();
        PmemLayout layout = input.layout();
        for (PmemNamespace ns : layout.namespaces()) {
            long metadata = 0;
            long dumped = 0;
            if (ns.metadata().isPresent()) {
                PhysRange m = ns.metadata().get();
                for (long pfn = m.start() / pageSize; pfn < (m.end() + pageSize - 1) / pageSize; pfn++) {
                    metadata++;
                    if (source.memory().backed(pfn) && effective.exclusion(pfn) == ExclusionClass.NONE) {
                        dumped++;
                    }
                }
            }
            out.add(new Namespace(ns, metadata, dumped, ns.range().size() / pageSize - metadata));
        }
        return new PmemDumpCounts(input.origin(), out, memmap.ramPages(pageSize));
    }

    public long metadataDumped() {
        return namespaces.stream().mapToLong(Namespace::metadataDumped).sum();
    }
}
