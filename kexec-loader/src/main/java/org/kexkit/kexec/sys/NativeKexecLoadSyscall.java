package org.kexkit.kexec.sys;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.SaveError;
import org.kexkit.kexec.image.Segment;

/**
 * kexec_load through libc's syscall(2), bound with jnr-ffi. The segment
 * buffers and the struct kexec_segment array live in native memory that is
 * kept reachable until the call returns.
 */
public final class NativeKexecLoadSyscall implements KexecLoadSyscall {
    /** __NR_kexec_load on x86-64 (arch/x86/entry/syscalls/syscall_64.tbl). */
    static final long NR_KEXEC_LOAD = 246;
    /** sizeof(struct kexec_segment) on x86-64: buf @0, bufsz @8, mem @16, memsz @24 (include/uapi/linux/kexec.h). */
    static final int SEGMENT_STRUCT_SIZE = 32;

    /** The one libc function used; every argument goes in a 64-bit register on x86-64. */
    public interface LibC {
        @SaveError
        long syscall(long number, long entry, long nrSegments, Pointer segments, long flags);
    }

    private final LibC libc;
    private final Runtime runtime;

    public NativeKexecLoadSyscall() {
        String arch = System.getProperty("os.arch");
        if (!"amd64".equals(arch) && !"x86_64".equals(arch)) {
            throw new UnsupportedOperationException("kexec_load is only wired for x86-64, this is " + arch);
        }
        this.libc = LibraryLoader.create(LibC.class).load("c");
        this.runtime = Runtime.getRuntime(libc);
    }

    @Override
    public int kexecLoad(long entry, List<Segment> segments, long flags) {
        List<Pointer> buffers = new ArrayList<>();
        Pointer array = marshal(runtime, segments, buffers);
        long result = libc.syscall(NR_KEXEC_LOAD, entry, segments.size(), array, flags);
        int errno = result == 0 ? 0 : runtime.getLastError();
        Reference.reachabilityFence(buffers); // native buffers must outlive the call
        Reference.reachabilityFence(array);
        return errno;
    }

    /**
     * The struct kexec_segment array in native memory (null for none); the
     * segment buffers it points to are added to {@code buffers}, which the
     * caller keeps reachable while the kernel reads them.
     */
    static Pointer marshal(Runtime runtime, List<Segment> segments, List<Pointer> buffers) {
        if (segments.isEmpty()) {
            return null;
        }
        Pointer array = Memory.allocateDirect(runtime, SEGMENT_STRUCT_SIZE * segments.size(), true);
        for (int i = 0; i < segments.size(); i++) {
            Segment segment = segments.get(i);
            long address = 0;
            if (segment.bufsz() > 0) {
                Pointer buffer = Memory.allocateDirect(runtime, segment.data().length);
                buffer.put(0, segment.data(), 0, segment.data().length);
                buffers.add(buffer);
                address = buffer.address();
            }
            long at = (long) SEGMENT_STRUCT_SIZE * i;
            array.putLong(at, address);
            array.putLong(at + 8, segment.bufsz());
            array.putLong(at + 16, segment.mem());
            array.putLong(at + 24, segment.memsz());
        }
        return array;
    }
}
