package org.kexkit.cli;

import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.OptionSpec;

/** kexec -u, or -p -u: unload the kexec or the crash kernel. */
final class KexecUnloadAction {
    private final OptionSpec unload = OptionSpec.builder("-u", "--unload").type(boolean.class).initialValue(false)
            .required(true).description("Unload the kexec kernel, or with -p the crash kernel.").build();

    ArgGroupSpec group() {
        return ArgGroupSpec.builder().exclusive(false).multiplicity("1").addArg(unload).build();
    }

    boolean given() {
        return Models.given(unload);
    }

    int run(KexecContext context, KexecTarget target, KexecLoadOptions load) throws Exception {
        if (load.kernel != null || target.load() || load.dryRun) {
            throw context.usage("-u takes no KERNEL, -l or --dry-run; use -u alone, or -p -u for the crash kernel");
        }
        boolean crash = target.panic();
        Bindings.kexecFileLoad(context.environment()).unload(crash);
        if (!crash) {
            KexecLoadRecord.forget(context.environment().root());
        }
        context.debug("unloaded the " + (crash ? "crash" : "kexec") + " kernel");
        return 0;
    }
}
