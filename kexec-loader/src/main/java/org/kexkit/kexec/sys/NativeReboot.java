package org.kexkit.kexec.sys;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.SaveError;

/** {@link Reboot} through libc's sync(2) and syscall(2), bound with jnr-ffi. */
public final class NativeReboot implements Reboot {
    /** __NR_reboot on x86-64 (arch/x86/entry/syscalls/syscall_64.tbl). */
    static final long NR_REBOOT = 169;
    /** include/uapi/linux/reboot.h. */
    static final long LINUX_REBOOT_MAGIC1 = 0xfee1deadL;
    static final long LINUX_REBOOT_MAGIC2 = 672274793L;
    static final long LINUX_REBOOT_CMD_KEXEC = 0x45584543L;

    public interface LibC {
        void sync();

        @SaveError
        long syscall(long number, long magic1, long magic2, long command, long argument);
    }

    private final LibC libc;
    private final Runtime runtime;

    public NativeReboot() {
        this.libc = LibraryLoader.create(LibC.class).load("c");
        this.runtime = Runtime.getRuntime(libc);
    }

    @Override
    public int kexec() {
        libc.sync(); // the kernel does not flush file systems before kexec
        long result = libc.syscall(NR_REBOOT, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_KEXEC, 0);
        return result == 0 ? 0 : runtime.getLastError();
    }
}
