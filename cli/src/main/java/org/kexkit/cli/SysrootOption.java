package org.kexkit.cli;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** --sysroot: read /proc, /sys and /dev under a recorded copy of a system instead of the running one. */
final class SysrootOption {
    private final OptionSpec sysroot = Models.option("--sysroot", "DIR", Path.class, "Read /proc, /sys and /dev under"
            + " DIR, a recorded copy of a system, instead of the running system's.").build();

    /** Adds --sysroot to {@code command}. */
    SysrootOption(CommandSpec command) {
        command.addOption(sysroot);
    }

    /** DIR, or the root the environment reads (/ on a running system). */
    Path root(CliEnvironment environment) {
        return given() ? sysroot.getValue() : environment.root();
    }

    boolean given() {
        return sysroot.getValue() != null;
    }
}
