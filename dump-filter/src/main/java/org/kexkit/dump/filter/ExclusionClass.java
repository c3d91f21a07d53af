package org.kexkit.dump.filter;

/**
 * Why a page is left out of a dump: the rows of makedumpfile's statistics
 * block (print_report), in its order. {@link #NONE} means the page is dumped.
 */
public enum ExclusionClass {
    NONE(null),
    /** Dumped, but deduplicated to the shared zero page (-d bit 1). */
    ZERO("Pages filled with zero"),
    NON_PRIVATE_CACHE("Non-private cache pages"),
    PRIVATE_CACHE("Private cache pages"),
    USER("User process data pages"),
    FREE("Free pages"),
    HWPOISON("Hwpoison pages"),
    OFFLINE("Offline pages"),
    EXTENSION("Extension filter pages"),
    /**
     * Not makedumpfile's: pages the source no longer holds (excluded when a
     * kdump file was made, or past a PT_LOAD's file data), so they stay out.
     * makedumpfile leaves them out without counting them.
     */
    NOT_IN_SOURCE("Not in the input dump");

    private final String label;

    ExclusionClass(String label) {
        this.label = label;
    }

    /** makedumpfile's label for the row. */
    public String label() {
        return label;
    }
}
