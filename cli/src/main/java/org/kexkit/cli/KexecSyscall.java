package org.kexkit.cli;

import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.OptionSpec;

/** -s or -c: which system call loads the kernel. */
final class KexecSyscall {
    private final OptionSpec file = Models.flag("-s --kexec-file-syscall", "Use kexec_file_load (the default).");
    private final OptionSpec kexecLoad = Models.flag("-c --kexec-syscall", "Use kexec_load: kexkit builds the segments.");

    /** The two, excluding each other. */
    ArgGroupSpec group() {
        return ArgGroupSpec.builder().exclusive(true).addArg(file).addArg(kexecLoad).build();
    }

    /** -c: kexec_load. */
    boolean kexecLoad() {
        return Models.given(kexecLoad);
    }
}
