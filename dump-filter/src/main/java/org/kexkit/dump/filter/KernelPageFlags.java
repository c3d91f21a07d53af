package org.kexkit.dump.filter;

import java.util.OptionalLong;
import org.kexkit.vmcoreinfo.VmcoreInfo;

/**
 * The page-flag bit numbers and page_type values a kernel exports in VMCOREINFO
 * (kernel/vmcore_info.c), as masks ready to test; 0 for a flag not exported.
 */
record KernelPageFlags(long lru, long privateFlag, long swapCache, long swapBacked, boolean swapBackedKnown,
        long slab, long headMask, long hwpoison, long hugetlbFlag, PageTypeMatcher buddy, PageTypeMatcher slabType,
        PageTypeMatcher offline, PageTypeMatcher unaccepted, PageTypeMatcher hugetlbType, OptionalLong hugetlbDtor,
        int freeAreaOrders) {
    /** MAX_ORDER + 1 of x86-64 kernels without LENGTH(zone.free_area). */
    static final int DEFAULT_FREE_AREA_ORDERS = 11;

    static KernelPageFlags of(VmcoreInfo info) {
        OptionalLong swapBacked = info.number("PG_swapbacked");
        return new KernelPageFlags(bit(info, "PG_lru"), bit(info, "PG_private"), bit(info, "PG_swapcache"),
                bit(info, "PG_swapbacked"), swapBacked.isPresent(), bit(info, "PG_slab"),
                info.number("PG_head_mask").orElse(0), bit(info, "PG_hwpoison"), bit(info, "PG_hugetlb"),
                PageTypeMatcher.of(info.number("PAGE_BUDDY_MAPCOUNT_VALUE")),
                PageTypeMatcher.ofSlab(info.number("PAGE_SLAB_MAPCOUNT_VALUE")),
                PageTypeMatcher.of(info.number("PAGE_OFFLINE_MAPCOUNT_VALUE")),
                PageTypeMatcher.of(info.number("PAGE_UNACCEPTED_MAPCOUNT_VALUE")),
                PageTypeMatcher.of(info.number("PAGE_HUGETLB_MAPCOUNT_VALUE")),
                info.number("HUGETLB_PAGE_DTOR"),
                (int) info.length("zone.free_area").orElse(DEFAULT_FREE_AREA_ORDERS));
    }

    private static long bit(VmcoreInfo info, String name) {
        OptionalLong n = info.number(name);
        return n.isPresent() && n.getAsLong() >= 0 && n.getAsLong() < 64 ? 1L << n.getAsLong() : 0;
    }

    /** makedumpfile is_cache_page: PG_lru, or PG_swapcache with PG_swapbacked (or no PG_swapbacked, pre-4.10). */
    boolean isCache(long flags) {
        return (flags & lru) != 0 || ((flags & swapCache) != 0 && (!swapBackedKnown || (flags & swapBacked) != 0));
    }

    boolean isPrivate(long flags) {
        return (flags & privateFlag) != 0;
    }

    /** makedumpfile isSlab: the 6.10+ page type, or PG_slab before. */
    boolean isSlab(long flags, int mapcount) {
        return slabType.matches(mapcount) || (flags & slab) != 0;
    }

    /** makedumpfile isAnon: PAGE_MAPPING_ANON (bit 0 of mapping) on a page that is not slab. */
    boolean isAnon(long mapping, long flags, int mapcount) {
        return (mapping & 1) != 0 && !isSlab(flags, mapcount);
    }

    /** makedumpfile page_is_buddy_v3. */
    boolean isBuddy(long flags, int mapcount) {
        return !isSlab(flags, mapcount) && buddy.matches(mapcount);
    }

    boolean isOffline(long flags, int mapcount) {
        return !isSlab(flags, mapcount) && offline.matches(mapcount);
    }

    boolean isHead(long flags) {
        return (flags & headMask) != 0;
    }

    boolean isHwpoison(long flags) {
        return (flags & hwpoison) != 0;
    }
}
