package org.kexkit.dump.io;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;

/**
 * Unmaps a mapped window at once. Java unmaps only when the buffer is
 * garbage collected; copying a large /proc/vmcore window by window would
 * otherwise keep every window's page tables alive, which the capture kernel's
 * small memory cannot afford. Uses sun.misc.Unsafe.invokeCleaner
 * (jdk.unsupported); without it, unmapping is left to the GC.
 */
public final class MappedWindows {
    private static final Object UNSAFE;
    private static final Method INVOKE_CLEANER;

    static {
        Object unsafe = null;
        Method cleaner = null;
        try {
            Class<?> type = Class.forName("sun.misc.Unsafe");
            Field field = type.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            unsafe = field.get(null);
            cleaner = type.getMethod("invokeCleaner", ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            unsafe = null;
            cleaner = null;
        }
        UNSAFE = unsafe;
        INVOKE_CLEANER = cleaner;
    }

    private MappedWindows() {
    }

    public static void unmap(ByteBuffer mapped) {
        if (INVOKE_CLEANER == null) {
            return;
        }
        try {
            INVOKE_CLEANER.invoke(UNSAFE, mapped);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // leave it to the GC: correctness does not depend on the unmap
        }
    }
}
