package org.kexkit.dump.filter;

import java.util.OptionalLong;

/**
 * Whether a page's _mapcount (page_type) carries one exported
 * NUMBER(PAGE_*_MAPCOUNT_VALUE). Compared as signed 32-bit values (the numbers
 * are printed as longs). Since 6.12 (include/linux/page-flags.h, PGTY_* << 24)
 * the type is the top byte and the owner may use the low 24 bits, so such values
 * are compared on the top byte only.
 */
record PageTypeMatcher(boolean known, int value, int mask) {
    /** PAGE_TYPE_BASE of 6.12+: every PGTY_ value is at least 0xf0 in the top byte. */
    private static final int TOP_BYTE = 0xff000000;

    static PageTypeMatcher of(OptionalLong number) {
        if (number.isEmpty()) {
            return new PageTypeMatcher(false, 0, 0);
        }
        int v = (int) number.getAsLong();
        boolean topByteType = (v & ~TOP_BYTE) == 0 && (v >>> 28) == 0xf;
        return new PageTypeMatcher(true, v, topByteType ? TOP_BYTE : -1);
    }

    /**
     * PAGE_SLAB_MAPCOUNT_VALUE: 6.12+ compares the top byte as above; 6.10-6.11 used the
     * inverted scheme (page_type starts at -1 and a type clears its bit, exported as ~PG_slab),
     * which makedumpfile's isSlab tests as (page_type & (PAGE_TYPE_BASE | PG_slab)) == PAGE_TYPE_BASE.
     */
    static PageTypeMatcher ofSlab(OptionalLong number) {
        PageTypeMatcher m = of(number);
        if (!m.known() || m.mask() == TOP_BYTE || (m.value() >>> 28) != 0xf) {
            return m;
        }
        int typeBase = 0xf0000000; // PAGE_TYPE_BASE before 6.12
        return new PageTypeMatcher(true, typeBase, typeBase | ~m.value());
    }

    boolean matches(int mapcount) {
        return known && (mapcount & mask) == value;
    }
}
