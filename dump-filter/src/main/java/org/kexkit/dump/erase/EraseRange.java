package org.kexkit.dump.erase;

/**
 * Bytes [paddr, paddr + length) of physical memory overwritten with {@code fill}: 'X' (0x58) for
 * an erase, 0 for a nullified pointer (makedumpfile's filter_data_buffer).
 */
public record EraseRange(long paddr, long length, byte fill) {
    /** What erased bytes become. */
    public static final byte ERASED = 'X';
    /** What a nullified pointer becomes. */
    public static final byte NULLIFIED = 0;

    public EraseRange {
        if (length <= 0) {
            throw new IllegalArgumentException("an erase range needs a positive length, found " + length);
        }
    }
}
