package org.kexkit.dump.filter;

import java.util.List;

/**
 * The outcome of classifying every struct page of a vmcore at one dump level:
 * the per-pfn exclusion (4 bits per pfn up to max_mapnr, an ExclusionClass ordinal), plus what the scan
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
        if (pfn < 0 || pfn / 2 >= classes.length) {
            return ExclusionClass.NONE;
        }
        return CLASSES[(classes[(int) (pfn >>> 1)] >>> ((pfn & 1) * 4)) & 0xf];
    }

    /** Stores one pfn's class in the 4-bit packed table. */
    static void set(byte[] classes, long pfn, ExclusionClass why) {
        int i = (int) (pfn >>> 1);
        int shift = (int) ((pfn & 1) * 4);
        classes[i] = (byte) ((classes[i] & ~(0xf << shift)) | (why.ordinal() << shift));
    }
}
