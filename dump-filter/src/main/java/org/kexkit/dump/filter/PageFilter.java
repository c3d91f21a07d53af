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
}
