package org.kexkit.cli;

import picocli.CommandLine.Option;

/** -s or -c: which system call loads the kernel. */
final class KexecSyscall {
    @Option(names = {"-s", "--kexec-file-syscall"}, description = "Use kexec_file_load (the default).")
    boolean file;

    @Option(names = {"-c", "--kexec-syscall"}, description = "Use kexec_load: kexkit builds the segments.")
    boolean kexecLoad;

    static boolean kexecLoad(KexecSyscall syscall) {
        return syscall != null && syscall.kexecLoad;
    }
}
