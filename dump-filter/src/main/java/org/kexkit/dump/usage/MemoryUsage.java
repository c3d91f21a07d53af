package org.kexkit.dump.usage;

import java.util.List;

/**
 * What makedumpfile --mem-usage counts (makedumpfile.c print_mem_usage): the pages of each
 * class a dump could leave out at level 31, found in struct pages, plus the zero pages among
 * those it would keep.
 *
 * @param pageSize        bytes per page
 * @param totalPages      pages in the core's memory (pfn_original)
 * @param zero            kept pages filled with zeros
 * @param nonPrivateCache page cache without PG_private
 * @param privateCache    page cache with PG_private
 * @param user            anonymous and hugetlb pages
 * @param free            pages in free buddy blocks
 * @param hwpoison        pages with PG_hwpoison (excluded, not in the table)
 * @param offline         logically offline pages (excluded, not in the table)
 * @param unreadable      kept pages the core could not give (counted as kernel data)
 * @param warnings        one line each, from the page scan
 */
public record MemoryUsage(int pageSize, long totalPages, long zero, long nonPrivateCache, long privateCache, long user,
        long free, long hwpoison, long offline, long unreadable, List<String> warnings) {
    public MemoryUsage {
        warnings = List.copyOf(warnings);
    }

    /** KERN_DATA: the pages a level 31 dump keeps (pfn_original minus everything excludable). */
    public long kernelData() {
        return totalPages - zero - nonPrivateCache - privateCache - user - free - hwpoison - offline;
    }

    public long totalBytes() {
        return totalPages * pageSize;
    }
}
