package org.kexkit.kexec.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.junit.jupiter.api.Test;
import org.kexkit.kexec.image.Segment;
import org.kexkit.kexec.image.SegmentKind;

/** The struct kexec_segment array as the kernel will read it; no system call is made. */
class NativeKexecLoadSyscallTest {
    @Test
    void marshalsThirtyTwoByteSegmentsPointingAtCopiesOfTheData() {
        Runtime runtime = Runtime.getSystemRuntime();
        byte[] kernel = {1, 2, 3, 4, 5};
        List<Segment> segments = List.of(new Segment(SegmentKind.KERNEL, kernel, 0x1000000, 0x2000),
                new Segment(SegmentKind.EXTRA, new byte[0], 0x3000, 0x1000));
        List<Pointer> buffers = new ArrayList<>();
        Pointer array = NativeKexecLoadSyscall.marshal(runtime, segments, buffers);

        Pointer buf = runtime.getMemoryManager().newPointer(array.getLong(0));
        byte[] copy = new byte[5];
        buf.get(0, copy, 0, 5);
        assertArrayEquals(kernel, copy);
        assertEquals(5, array.getLong(8));
        assertEquals(0x1000000, array.getLong(16));
        assertEquals(0x2000, array.getLong(24));
        assertEquals(0, array.getLong(32), "no buffer for an empty segment");
        assertEquals(0, array.getLong(40));
        assertEquals(0x3000, array.getLong(48));
        assertEquals(0x1000, array.getLong(56));
        assertEquals(1, buffers.size());
        assertNull(NativeKexecLoadSyscall.marshal(runtime, List.of(), buffers));
    }
}
