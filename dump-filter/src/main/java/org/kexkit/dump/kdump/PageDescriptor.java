package org.kexkit.dump.kdump;

import java.nio.ByteBuffer;

/**
 * {@code struct page_desc} (makedumpfile diskdump_mod.h, 24 bytes on x86_64):
 * where one dumped page's data sits. {@code flags} is 0 for a raw page or one
 * DUMP_DH_COMPRESSED_* bit; page_flags is always 0 from makedumpfile.
 */
public record PageDescriptor(long offset, int size, int flags, long pageFlags) {
    public static final int SIZE = 24;
    /** What a page that could not be read at dump time, or was never written, is left as. */
    public static final PageDescriptor MISSING = new PageDescriptor(0, 0, 0, 0);

    /** Writes little-endian at the buffer's position. */
    public void write(ByteBuffer out) {
        out.putLong(offset).putInt(size).putInt(flags).putLong(pageFlags);
    }

    public boolean missing() {
        return offset == 0 && size == 0;
    }
}
