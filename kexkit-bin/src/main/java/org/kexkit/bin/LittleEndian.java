package org.kexkit.bin;

/**
 * Little-endian field reads from struct bytes already in memory (x86-64 is little-endian), for
 * hot paths where a {@link ByteCursor} per struct would cost too much (a struct page per pfn).
 * The caller has checked the bounds.
 */
public final class LittleEndian {
    private LittleEndian() {
    }

    public static long u64(byte[] b, int at) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[at + i] & 0xff);
        }
        return v;
    }

    public static int u32(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    public static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    public static int u8(byte[] b, int at) {
        return b[at] & 0xff;
    }
}
