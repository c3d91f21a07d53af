package org.kexkit.dump.filter;

import java.util.Arrays;

/**
 * The page classes of one window of pfns [start, end), 4 bits each (an {@link ExclusionClass}
 * ordinal): makedumpfile's cycle, whose bitmaps cover a bounded part of the pfn space so that
 * memory does not grow with the machine. Pfns that were never set are {@link ExclusionClass#NONE}.
 */
public final class ClassWindow {
    private static final ExclusionClass[] CLASSES = ExclusionClass.values();

    private final byte[] classes;
    private long start;
    private long end;

    /** A window able to hold {@code capacity} pfns (rounded up to even), empty until {@link #reset}. */
    ClassWindow(long capacity) {
        this.classes = new byte[Math.toIntExact((capacity + 1) / 2)];
    }

    /** Makes this the window [start, end), every pfn NONE. */
    void reset(long start, long end) {
        if (end - start > 2L * classes.length) {
            throw new IllegalArgumentException("window [" + start + ", " + end + ") exceeds " + 2L * classes.length + " pfns");
        }
        this.start = start;
        this.end = end;
        Arrays.fill(classes, 0, (int) ((end - start + 1) / 2), (byte) 0);
    }

    public long start() {
        return start;
    }

    public long end() {
        return end;
    }

    public boolean contains(long pfn) {
        return pfn >= start && pfn < end;
    }

    /** The class of a pfn inside the window. */
    public ExclusionClass get(long pfn) {
        return classAt(pfn - start);
    }

    /** The classes of pfns [from, from + count) inside the window into {@code into[at, at + count)}. */
    public void get(long from, int count, ExclusionClass[] into, int at) {
        long i = from - start;
        for (int n = 0; n < count; n++, i++) {
            into[at + n] = classAt(i);
        }
    }

    /** The class at index {@code i} of the window: a nibble, the low one for even indexes. */
    private ExclusionClass classAt(long i) {
        return CLASSES[(classes[(int) (i >>> 1)] >>> ((i & 1) * 4)) & 0xf];
    }

    /**
     * Sets the class of a pfn inside the window. Public so that a later per-pfn vote (an
     * extension filter, issue 13) can mark pages of a window after the struct page pass.
     */
    public void set(long pfn, ExclusionClass why) {
        long i = pfn - start;
        int at = (int) (i >>> 1);
        int shift = (int) ((i & 1) * 4);
        classes[at] = (byte) ((classes[at] & ~(0xf << shift)) | (why.ordinal() << shift));
    }
}
