package org.kexkit.dump.filter;


/**
 * What the classifier says of one struct page.
 *
 * @param exclusion NONE to keep
 * @param pages     how many pfns from this one the decision covers (2^order for a compound or buddy block)
 * @param uncertain kept because its struct page looked like user data but its mapping is no kernel pointer
 */
record PageDecision(ExclusionClass exclusion, long pages, boolean uncertain) {
    static final PageDecision KEEP = new PageDecision(ExclusionClass.NONE, 1, false);
    static final PageDecision KEEP_UNCERTAIN = new PageDecision(ExclusionClass.NONE, 1, true);
    /** Orders a block can have (the classifier's ORDER_LIMIT). */
    static final int ORDERS = 64;
    /**
     * Every exclusion of a block of 2^order pages, made once: the classifier decides once per
     * block, and C1 (the launcher's only compiler) allocates every record it is asked to make.
     */
    private static final PageDecision[][] EXCLUDED = new PageDecision[ExclusionClass.values().length][ORDERS];

    static {
        for (ExclusionClass why : ExclusionClass.values()) {
            for (int order = 0; order < ORDERS; order++) {
                EXCLUDED[why.ordinal()][order] = new PageDecision(why, 1L << order, false);
            }
        }
    }

    /** Excludes a block of 2^{@code order} pages as {@code why} (Java's shift for an order out of range, as before). */
    static PageDecision excluded(ExclusionClass why, int order) {
        if (order < 0 || order >= ORDERS) { // only from a vmcoreinfo's odd LENGTH(zone.free_area)
            return new PageDecision(why, 1L << order, false);
        }
        return EXCLUDED[why.ordinal()][order];
    }
}
