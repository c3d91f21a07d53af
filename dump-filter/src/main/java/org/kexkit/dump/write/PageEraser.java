package org.kexkit.dump.write;

/**
 * Overwrites erased bytes in each page buffer on its way into a dump (makedumpfile's
 * filter_data_buffer), before the zero-page test and compression, and gives the eraseinfo text the
 * dump records. Erasure never changes which pages are written.
 */
public interface PageEraser {
    /** Erases nothing and records nothing. */
    PageEraser NONE = new PageEraser() {
        @Override
        public void erase(long pfn, byte[] page, int at) {
        }

        @Override
        public byte[] eraseInfo() {
            return new byte[0];
        }
    };

    /** Overwrites the erased bytes of page {@code pfn}, held at {@code page[at, at + page size)}. */
    void erase(long pfn, byte[] page, int at);

    /** The eraseinfo text ("erase EXPR size N\n" lines); empty when nothing is erased. */
    byte[] eraseInfo();
}
