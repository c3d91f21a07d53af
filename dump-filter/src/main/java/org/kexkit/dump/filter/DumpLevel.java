package org.kexkit.dump.filter;

/**
 * makedumpfile's -d bits (makedumpfile.h DL_EXCLUDE_*; REFERENCE 2.1), plus bit 0x20 of the pmem
 * memmap dump RFCs (DL_EXCLUDE_PMEM_META, MAX_DUMP_LEVEL 63): leave out pmem metadata.
 *
 * @param value 0..63
 */
public record DumpLevel(int value) {
    public static final int ZERO = 1;
    public static final int CACHE = 2;
    public static final int CACHE_PRIVATE = 4;
    public static final int USER_DATA = 8;
    public static final int FREE = 16;
    /** DL_EXCLUDE_PMEM_META in the pmem RFCs: drop the pmem metadata kept otherwise. */
    public static final int PMEM_METADATA = 32;
    /** Every page-class bit: the level at which the classes of every page are needed (makedumpfile 1.7.8's maximum). */
    public static final int PAGE_CLASSES = 31;
    public static final int MAX = 63;

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
