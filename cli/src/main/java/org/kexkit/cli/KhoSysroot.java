package org.kexkit.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** --sysroot for the kho commands: read /sys/kernel/debug/kho and /proc/cmdline under another root. */
final class KhoSysroot {
    @Option(names = "--sysroot", paramLabel = "DIR", description = "Read /sys/kernel/debug/kho, /proc/cmdline and"
            + " /dev/liveupdate under DIR (a recorded copy) instead of the running system.")
    Path sysroot;

    Path root(CliEnvironment environment) {
        return sysroot != null ? sysroot : environment.root();
    }
}
