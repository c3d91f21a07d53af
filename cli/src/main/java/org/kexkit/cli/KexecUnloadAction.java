package org.kexkit.cli;

import picocli.CommandLine.Option;

/** kexec -u, or -p -u: unload the kexec or the crash kernel. */
final class KexecUnloadAction {
    @Option(names = {"-u", "--unload"}, required = true, description = "Unload the kexec kernel, or with"
            + " -p the crash kernel.")
    boolean unload;

    int run(KexecContext context, KexecTarget target, KexecLoadOptions load) throws Exception {
        if (load.kernel != null || (target != null && target.load) || load.dryRun) {
            throw context.usage("-u takes no KERNEL, -l or --dry-run; use -u alone, or -p -u for the crash kernel");
        }
        boolean crash = KexecTarget.crash(target);
        Bindings.kexecFileLoad(context.environment()).unload(crash);
        context.debug("unloaded the " + (crash ? "crash" : "kexec") + " kernel");
        return 0;
    }
}
