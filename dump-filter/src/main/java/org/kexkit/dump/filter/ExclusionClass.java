package org.kexkit.dump.filter;

/**
 * Why a page is left out of a dump: the rows of makedumpfile's statistics
 * block (print_report), in its order, with the two pmem rows of the pmem
 * memmap dump RFCs after Offline. {@link #NONE} means the page is dumped.
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
    /**
     * Metadata of a pmem namespace (labels, info block, the memmap on the device): excluded only
     * at dump level bit 0x20, the pmem RFCs' DL_EXCLUDE_PMEM_META, under their label.
     */
    PMEM_METADATA("pmem metadata pages"),
    /** Pmem user data: always excluded (the RFCs' label). */
    PMEM_USERDATA("pmem userdata pages"),
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
