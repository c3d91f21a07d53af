package org.kexkit.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** --sysroot: read /proc, /sys and /dev under a recorded copy of a system instead of the running one. */
final class SysrootOption {
    @Option(names = "--sysroot", paramLabel = "DIR", description = "Read /proc, /sys and /dev under DIR, a recorded"
            + " copy of a system, instead of the running system's.")
    Path sysroot;

    /** DIR, or the root the environment reads (/ on a running system). */
    Path root(CliEnvironment environment) {
        return sysroot != null ? sysroot : environment.root();
    }

    boolean given() {
        return sysroot != null;
    }
}
