package org.kexkit.dump.filter;

/**
 * The seam for page classification by dump level: says, for each pfn backed
 * by the source, whether it is left out and why. Zero pages are not a filter
 * decision (they depend on the page's content and are still dumped, shared);
 * the writer finds them. Called in ascending pfn order, possibly more than once
 * per pfn, so an implementation must be deterministic.
 */
@FunctionalInterface
public interface PageFilter {
    /** Keeps every page: dump levels 0 and 1. */
    PageFilter KEEP_ALL = pfn -> ExclusionClass.NONE;

    /** {@link ExclusionClass#NONE} to dump the page, otherwise the class that excludes it (never ZERO). */
    ExclusionClass exclusion(long pfn);

    /**
     * The classes of pfns [from, from + count) into {@code into[0, count)}, as {@link #exclusion} gives
     * them one by one. The writers ask about every pfn of the machine three times, and a call per pfn
     * through this interface is one the launcher's compiler (C1) does not inline: filters that can
     * answer a run of pfns at once do.
     */
    default void exclusions(long from, int count, ExclusionClass[] into) {
        for (int i = 0; i < count; i++) {
            into[i] = exclusion(from + i);
        }
    }
}
