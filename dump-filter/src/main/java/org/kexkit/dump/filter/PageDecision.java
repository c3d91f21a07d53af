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
}
