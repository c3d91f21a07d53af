package org.kexkit.bin;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Little-endian field reads from struct bytes already in memory (x86-64 is little-endian), for
 * hot paths where a {@link ByteCursor} per struct would cost too much (a struct page per pfn).
 * The caller has checked the bounds.
 */
public final class LittleEndian {
    private LittleEndian() {
    }

    /*
     * Views of a byte array as longs and ints: one bounds check and one load where a byte loop does
     * eight of each, and C1 (the launcher's only compiler) neither unrolls the loop nor drops its
     * checks; a 16 GiB dump reads three of these per struct page.
     */
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    public static long u64(byte[] b, int at) {
        return (long) LONG.get(b, at);
    }

    public static int u32(byte[] b, int at) {
        return (int) INT.get(b, at);
    }

    public static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    public static int u8(byte[] b, int at) {
        return b[at] & 0xff;
    }
}
