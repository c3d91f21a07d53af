package org.kexkit.dump.filter;

import java.util.List;
import org.kexkit.dump.kdump.ExclusionClass;
import org.kexkit.dump.kdump.PageFilter;

/**
 * The outcome of classifying every struct page of a vmcore at one dump level:
 * the per-pfn exclusion (one byte per pfn up to max_mapnr), plus what the scan
 * could not be sure of and the cross-check warnings.
 *
 * @param uncertainPages  pages kept because they looked like user data but their mapping was no kernel pointer
 * @param noStructPage    backed pfns whose struct page was not in the vmcore (kept)
 * @param buddyPages      pfns in free buddy blocks found (at any level), for the cross-check
 * @param warnings        one line each, for the user
 */
public record PageClassification(byte[] classes, long uncertainPages, long noStructPage, long buddyPages,
        List<String> warnings) implements PageFilter {
    private static final ExclusionClass[] CLASSES = ExclusionClass.values();

    public PageClassification {
        warnings = List.copyOf(warnings);
    }

    @Override
    public ExclusionClass exclusion(long pfn) {
        return pfn < classes.length ? CLASSES[classes[(int) pfn]] : ExclusionClass.NONE;
    }
}
