package org.kexkit.kexec.sys;

/**
 * The kexec_file_load(2) system call, behind an interface so that everything
 * above it can be tested with a fake and never reaches the real kernel.
 */
public interface KexecFileSyscall {
    /**
     * Calls kexec_file_load(kernel_fd, initrd_fd, cmdline_len, cmdline, flags).
     *
     * @param cmdline the command line including its terminating NUL (cmdline_len
     *        is its length), or null for none (cmdline_len 0)
     * @return 0 on success, otherwise the errno the kernel returned
     */
    int kexecFileLoad(int kernelFd, int initrdFd, byte[] cmdline, long flags);
}
