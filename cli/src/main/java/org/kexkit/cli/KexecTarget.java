package org.kexkit.cli;

import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.OptionSpec;

/** -l or -p: which kernel a load or an unload is for (kexec-tools' spellings; -p alone loads the crash kernel). */
final class KexecTarget {
    private final OptionSpec load = Models.flag("-l --load", "Load KERNEL to be started later with kexec -e.");
    private final OptionSpec panic = Models.flag("-p --load-panic", "Load KERNEL as the crash kernel (started on"
            + " panic); with -u, unload the crash kernel.");

    /** The two, excluding each other. */
    ArgGroupSpec group() {
        return ArgGroupSpec.builder().exclusive(true).addArg(load).addArg(panic).build();
    }

    /** Whether -l or -p was given. */
    boolean given() {
        return load() || panic();
    }

    boolean load() {
        return Models.given(load);
    }

    /** -p: the crash kernel. */
    boolean panic() {
        return Models.given(panic);
    }
}
