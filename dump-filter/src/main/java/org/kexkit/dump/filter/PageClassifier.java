package org.kexkit.dump.filter;

import java.util.function.LongPredicate;

/**
 * makedumpfile's per-page decision (__exclude_unnecessary_pages; REFERENCE 2.2)
 * for one struct page, in its order. One difference: a page that would be user
 * data only because bit 0 of its mapping is set is kept as uncertain when the
 * mapping is no plausible anon_vma pointer (kernels newer than known reuse the field).
 */
final class PageClassifier {
    /** Tails of compound pages have bit 0 of page.compound_head set (include/linux/page-flags.h). */
    private static final long TAIL = 1;
    private static final int ORDER_LIMIT = PageDecision.ORDERS;

    private final KernelPageFlags k;
    private final StructPageLayout layout;
    private final DumpLevel level;
    private final LongPredicate plausibleAnonMapping;

    PageClassifier(KernelPageFlags k, StructPageLayout layout, DumpLevel level, LongPredicate plausibleAnonMapping) {
        this.k = k;
        this.layout = layout;
        this.level = level;
        this.plausibleAnonMapping = plausibleAnonMapping;
    }

    KernelPageFlags flags() {
        return k;
    }

    /** Tail pages are skipped: their head decided for the whole compound page. */
    boolean isTail(StructPageView p) {
        return (p.compoundHead() & TAIL) != 0;
    }

    PageDecision classify(long pfn, StructPageView p) {
        long flags = p.flags();
        int mapcount = p.mapcount();
        long mapping = p.mapping();
        int order = 0;
        boolean hugetlb = false;
        if (k.isHead(flags) && p.hasNext()) {
            if (k.hugetlbType().known()) { // 6.9+: order in folio._flags_1, hugetlb as a page type
                order = (int) (p.nextFlags() & 0xff);
                hugetlb = k.hugetlbType().matches(mapcount);
            } else if (k.hugetlbFlag() != 0) { // 6.6-6.8: PG_hugetlb in folio._flags_1
                order = (int) (p.nextFlags() & 0xff);
                hugetlb = (p.nextFlags() & k.hugetlbFlag()) != 0;
            } else if (layout.compoundOrder() >= 0) { // 4.16-6.5: compound_order / compound_dtor bytes
                order = p.byteFromHead(layout.compoundOrder());
                hugetlb = k.hugetlbDtor().isPresent() && layout.compoundDtor() >= 0
                        && p.byteFromHead(layout.compoundDtor()) == k.hugetlbDtor().getAsLong();
            }
            if (order >= ORDER_LIMIT || (pfn & ((1L << order) - 1)) != 0) {
                order = 0; // makedumpfile: invalid order
            }
        }
        if (level.has(DumpLevel.FREE) && k.isBuddy(flags, mapcount)) {
            long buddyOrder = p.privateData();
            if (buddyOrder < 0 || buddyOrder >= k.freeAreaOrders()) {
                return PageDecision.KEEP; // makedumpfile warns and keeps it
            }
            return PageDecision.excluded(ExclusionClass.FREE, (int) buddyOrder);
        }
        if (level.has(DumpLevel.FREE) && k.unaccepted().matches(mapcount)) {
            return PageDecision.excluded(ExclusionClass.FREE, k.freeAreaOrders() - 1);
        }
        boolean cache = k.isCache(flags);
        boolean anon = k.isAnon(mapping, flags, mapcount);
        if (level.has(DumpLevel.CACHE) && cache && !k.isPrivate(flags) && !anon) {
            return PageDecision.excluded(ExclusionClass.NON_PRIVATE_CACHE, order);
        }
        if (level.has(DumpLevel.CACHE_PRIVATE) && cache && !anon) {
            return PageDecision.excluded(k.isPrivate(flags) ? ExclusionClass.PRIVATE_CACHE : ExclusionClass.NON_PRIVATE_CACHE,
                    order);
        }
        if (level.has(DumpLevel.USER_DATA) && (anon || hugetlb)) {
            if (!hugetlb && !plausibleAnonMapping.test(mapping)) {
                return PageDecision.KEEP_UNCERTAIN;
            }
            return PageDecision.excluded(ExclusionClass.USER, order);
        }
        if (k.isHwpoison(flags)) {
            return PageDecision.excluded(ExclusionClass.HWPOISON, order);
        }
        if (k.isOffline(flags, mapcount)) {
            return PageDecision.excluded(ExclusionClass.OFFLINE, order);
        }
        return PageDecision.KEEP;
    }
}
