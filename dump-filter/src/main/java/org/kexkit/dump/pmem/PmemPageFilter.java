package org.kexkit.dump.pmem;

import java.util.List;
import org.kexkit.bin.PhysRange;
import org.kexkit.dump.filter.DumpLevel;
import org.kexkit.dump.filter.ExclusionClass;
import org.kexkit.dump.filter.PageFilter;
import org.kexkit.dump.source.PhysicalMemoryMap;
import org.kexkit.pmem.PmemLayout;

/**
 * The page filter of a dump of a machine with pmem: a pmem pfn is decided by the layout, never by
 * its struct page (ZONE_DEVICE pages of fsdax look like page cache; their struct pages say nothing
 * about whether the bytes are the kernel's): user data is always left out, metadata is kept unless
 * dump level bit 0x20 drops it. The RAM pages that hold the memmap of a namespace whose memmap is in
 * RAM (case C) are kept at every level, whatever their own struct page looks like. Every other pfn
 * is decided by {@code rest}, the dump level's classes.
 */
public final class PmemPageFilter implements PageFilter {
    private final PhysicalMemoryMap metadata;
    private final PhysicalMemoryMap userData;
    private final PhysicalMemoryMap ramMemmap;
    private final boolean dropMetadata;
    private final PageFilter rest;

    private PmemPageFilter(PhysicalMemoryMap metadata, PhysicalMemoryMap userData, PhysicalMemoryMap ramMemmap,
            boolean dropMetadata, PageFilter rest) {
        this.metadata = metadata;
        this.userData = userData;
        this.ramMemmap = ramMemmap;
        this.dropMetadata = dropMetadata;
        this.rest = rest;
    }

    /**
     * @param level     the dump level: bit 0x20 drops the metadata
     * @param ramMemmap RAM pages holding struct pages of pmem (case C), kept at every level
     * @param rest      the level's page classes for everything else
     */
    public static PageFilter of(PmemLayout layout, int pageSize, DumpLevel level, List<PhysRange> ramMemmap,
            PageFilter rest) {
        if (layout.isEmpty()) {
            return rest;
        }
        return new PmemPageFilter(PhysicalMemoryMap.of(layout.metadataRanges(), pageSize),
                PhysicalMemoryMap.of(layout.userDataRanges(), pageSize), PhysicalMemoryMap.of(ramMemmap, pageSize),
                level.has(DumpLevel.PMEM_METADATA), rest);
    }

    @Override
    public ExclusionClass exclusion(long pfn) {
        ExclusionClass layoutSays = byLayout(pfn);
        return layoutSays != null ? layoutSays : rest.exclusion(pfn);
    }

    @Override
    public void exclusions(long from, int count, ExclusionClass[] into) {
        rest.exclusions(from, count, into); // for pmem pfns too: deterministic, and overruled below
        for (int i = 0; i < count; i++) {
            ExclusionClass layoutSays = byLayout(from + i);
            if (layoutSays != null) {
                into[i] = layoutSays;
            }
        }
    }

    /** The class the pmem layout decides, or null for a pfn it leaves to {@code rest} (no allocation per pfn). */
    private ExclusionClass byLayout(long pfn) {
        if (userData.backed(pfn)) {
            return ExclusionClass.PMEM_USERDATA;
        }
        if (metadata.backed(pfn)) {
            return dropMetadata ? ExclusionClass.PMEM_METADATA : ExclusionClass.NONE;
        }
        if (ramMemmap.backed(pfn)) {
            return ExclusionClass.NONE;
        }
        return null;
    }
}
