package org.kexkit.cli;

import picocli.CommandLine.Option;

/** -l or -p: which kernel a load or an unload is for (kexec-tools' spellings; -p alone loads the crash kernel). */
final class KexecTarget {
    @Option(names = {"-l", "--load"}, description = "Load KERNEL to be started later with kexec -e.")
    boolean load;

    @Option(names = {"-p", "--load-panic"}, description = "Load KERNEL as the crash kernel (started on"
            + " panic); with -u, unload the crash kernel.")
    boolean panic;

    static boolean crash(KexecTarget target) {
        return target != null && target.panic;
    }
}
