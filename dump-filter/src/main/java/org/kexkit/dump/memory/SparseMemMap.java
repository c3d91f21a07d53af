package org.kexkit.dump.memory;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.kexkit.bin.FormatException;
import org.kexkit.vmcoreinfo.EntryKind;

/**
 * SPARSEMEM (classic and EXTREME) with vmemmap: where the struct page of a pfn is
 * (REFERENCE 2.6; makedumpfile get_mm_sparsemem, section_mem_map_addr,
 * sparse_decode_mem_map).
 */
public final class SparseMemMap {
    /** SECTION_MARKED_PRESENT (include/linux/mmzone.h): the section has memory. */
    static final long SECTION_MARKED_PRESENT = 0x1;
    /** ~(SECTION_MAP_LAST_BIT - 1) with SECTION_MAP_LAST_BIT = 1 << 5: the flag bits makedumpfile masks off. */
    static final long SECTION_MAP_MASK = ~0x1fL;

    private final KernelAddressSpace space;
    private final VmcoreInfoLocation where;
    private final long memSection;
    private final int sizeMemSection;
    private final int offsetMemMap;
    private final int pfnSectionShift;
    private final long nrMemSections;
    private final boolean extreme;
    private final long sectionsPerRoot;
    private final int sizePage;
    private final Map<Long, OptionalLong> sections = new HashMap<>();

    private SparseMemMap(KernelAddressSpace space, VmcoreInfoLocation where, long memSection, int sizeMemSection,
            int offsetMemMap, int pfnSectionShift, long nrMemSections, boolean extreme, long sectionsPerRoot, int sizePage) {
        this.space = space;
        this.where = where;
        this.memSection = memSection;
        this.sizeMemSection = sizeMemSection;
        this.offsetMemMap = offsetMemMap;
        this.pfnSectionShift = pfnSectionShift;
        this.nrMemSections = nrMemSections;
        this.extreme = extreme;
        this.sectionsPerRoot = sectionsPerRoot;
        this.sizePage = sizePage;
    }

    public static SparseMemMap of(KernelAddressSpace space, VmcoreInfoLocation where, int pageSize)
            throws FormatException, IOException {
        long memSection = where.require(EntryKind.SYMBOL, "mem_section");
        long sizeMemSection = where.require(EntryKind.SIZE, "mem_section");
        long offsetMemMap = where.require(EntryKind.OFFSET, "mem_section.section_mem_map");
        long sizePage = where.require(EntryKind.SIZE, "page");
        long sectionBits = where.info().number("SECTION_SIZE_BITS").orElse(27); // x86-64 default
        long physBits = where.info().number("MAX_PHYSMEM_BITS").orElse(46);
        if (sizeMemSection < 8 || sizeMemSection > pageSize) {
            throw where.error("SIZE(mem_section)", sizeMemSection + " is not a usable struct mem_section size");
        }
        if (offsetMemMap < 0 || offsetMemMap + 8 > sizeMemSection) {
            throw where.error("OFFSET(mem_section.section_mem_map)", offsetMemMap + " lies outside SIZE(mem_section)="
                    + sizeMemSection);
        }
        if (sizePage < 32 || sizePage > 1024) {
            throw where.error("SIZE(page)", sizePage + " is not a plausible struct page size");
        }
        int pageShift = Integer.numberOfTrailingZeros(pageSize);
        if (sectionBits <= pageShift || physBits > 64 || sectionBits >= physBits) {
            throw where.error("NUMBER(SECTION_SIZE_BITS)", sectionBits + " does not fit MAX_PHYSMEM_BITS=" + physBits
                    + " and page size " + pageSize);
        }
        long nr = 1L << (physBits - sectionBits);
        long perRoot = pageSize / sizeMemSection;
        OptionalLong length = where.info().length("mem_section");
        boolean extreme = length.isEmpty() || length.getAsLong() == (nr + perRoot - 1) / perRoot;
        if (space.readLong(memSection).isEmpty()) {
            throw where.error("SYMBOL(mem_section)", "0x" + Long.toHexString(memSection)
                    + " points outside the vmcore's memory");
        }
        return new SparseMemMap(space, where, memSection, (int) sizeMemSection, (int) offsetMemMap,
                (int) (sectionBits - pageShift), nr, extreme, perRoot, (int) sizePage);
    }

    public int sizePage() {
        return sizePage;
    }

    public int pfnSectionShift() {
        return pfnSectionShift;
    }

    /** Virtual address of pfn's struct page, or empty if its section has no memmap. */
    public OptionalLong structPage(long pfn) throws IOException, FormatException {
        long nr = pfn >>> pfnSectionShift;
        OptionalLong map = sections.get(nr);
        if (map == null) {
            map = decode(nr);
            sections.put(nr, map);
        }
        return map.isEmpty() ? map : OptionalLong.of(map.getAsLong() + pfn * sizePage);
    }

    /** The decoded section_mem_map: struct page address of pfn = this + pfn * SIZE(page). */
    private OptionalLong decode(long nr) throws IOException, FormatException {
        if (nr >= nrMemSections) {
            return OptionalLong.empty();
        }
        long section;
        if (extreme) {
            long root = nr / sectionsPerRoot;
            OptionalLong rootPtr = readKernel(memSection + root * 8, "SYMBOL(mem_section)");
            if (rootPtr.getAsLong() == 0) {
                return OptionalLong.empty();
            }
            section = rootPtr.getAsLong() + (nr % sectionsPerRoot) * sizeMemSection;
        } else {
            section = memSection + nr * sizeMemSection;
        }
        long coded = readKernel(section + offsetMemMap, "SYMBOL(mem_section)").getAsLong();
        if ((coded & SECTION_MARKED_PRESENT) == 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(coded & SECTION_MAP_MASK);
    }

    private OptionalLong readKernel(long vaddr, String key) throws IOException, FormatException {
        OptionalLong v = space.readLong(vaddr);
        if (v.isEmpty()) {
            throw where.error(key, "mem_section data at 0x" + Long.toHexString(vaddr) + " is outside the vmcore's memory");
        }
        return v;
    }
}
