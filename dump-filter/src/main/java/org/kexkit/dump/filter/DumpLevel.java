package org.kexkit.dump.filter;

/**
 * makedumpfile's -d bits (makedumpfile.h DL_EXCLUDE_*; REFERENCE 2.1).
 *
 * @param value 0..31
 */
public record DumpLevel(int value) {
    public static final int ZERO = 1;
    public static final int CACHE = 2;
    public static final int CACHE_PRIVATE = 4;
    public static final int USER_DATA = 8;
    public static final int FREE = 16;
    public static final int MAX = 31;

    public DumpLevel {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException("dump level must be 0.." + MAX + ", found " + value);
        }
    }

    public boolean has(int bit) {
        return (value & bit) != 0;
    }

    /** True if the level needs struct page classification (any of bits 2, 4, 8, 16). */
    public boolean needsPageClasses() {
        return (value & (CACHE | CACHE_PRIVATE | USER_DATA | FREE)) != 0;
    }
}
