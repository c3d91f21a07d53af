package org.kexkit.kexec.sys;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.SaveError;

/** kexec_file_load through libc's syscall(2), bound with jnr-ffi. */
public final class NativeKexecFileSyscall implements KexecFileSyscall {
    /** __NR_kexec_file_load on x86-64 (arch/x86/entry/syscalls/syscall_64.tbl). */
    static final long NR_KEXEC_FILE_LOAD = 320;

    /** The one libc function used; every argument goes in a 64-bit register on x86-64. */
    public interface LibC {
        @SaveError
        long syscall(long number, long kernelFd, long initrdFd, long cmdlineLength, @In byte[] cmdline, long flags);
    }

    private final LibC libc;
    private final Runtime runtime;

    public NativeKexecFileSyscall() {
        if (!"amd64".equals(System.getProperty("os.arch")) && !"x86_64".equals(System.getProperty("os.arch"))) {
            throw new UnsupportedOperationException("kexec_file_load is only wired for x86-64, this is "
                    + System.getProperty("os.arch"));
        }
        this.libc = LibraryLoader.create(LibC.class).load("c");
        this.runtime = Runtime.getRuntime(libc);
    }

    @Override
    public int kexecFileLoad(int kernelFd, int initrdFd, byte[] cmdline, long flags) {
        long length = cmdline == null ? 0 : cmdline.length;
        long result = libc.syscall(NR_KEXEC_FILE_LOAD, kernelFd, initrdFd, length, cmdline, flags);
        return result == 0 ? 0 : runtime.getLastError();
    }
}
