package org.kexkit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `kexkit kexec` with kexec-tools' spellings: picocli's groups keep -l/-p, -s/-c and the actions
 * --status, -e and -u apart; each action is its own class, and a load goes to kexec_file_load or
 * kexec_load.
 */
@Command(name = "kexec", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        customSynopsis = {"kexkit kexec (-l | -p) [-s | -c] [OPTIONS] KERNEL",
            "       kexkit kexec [-p] -u",
            "       kexkit kexec -e [--preserve NAME=FILE]...",
            "       kexkit kexec --status [--json]"},
        description = {"Load, unload or start a kexec or crash (kdump) kernel, with kexec-tools' option spellings.",
            "Loads use kexec_file_load (-s, the default): the running kernel reads, verifies and places the image."
                + " With -c (kexec_load) kexkit builds the image itself: the crash ELF core header, boot_params, the"
                + " capture kernel's memory map and a purgatory that checks the segments' SHA-256 before the jump.",
            "While Kexec HandOver is on, -l -s first checks that KERNEL takes the handed-over data (kexkit kho check)"
                + " and refuses a kernel that would drop it, unless --force.",
            "Quiet on success, like kexec-tools; -d tells what was done."},
        footer = {"", "Examples:",
            "  kexkit kexec -p -s /boot/vmlinuz --initrd=/boot/initrd.img \\",
            "      --reuse-cmdline --append='irqpoll nr_cpus=1'",
            "  kexkit kexec -p -c /boot/vmlinuz --initrd=/boot/initrd.img \\",
            "      --append='irqpoll nr_cpus=1' --dry-run",
            "  kexkit kexec -l -c /boot/vmlinuz --reuse-cmdline && kexkit kexec -e",
            "  kexkit kexec -e --preserve data=/var/lib/app/state",
            "      (then, in the next kernel: kexkit luo restore data)",
            "  kexkit kexec -p -u        # unload the crash kernel",
            "  kexkit kexec --status --json"})
final class KexecCommand implements Callable<Integer>, UsesEnvironment {
    private CliEnvironment environment;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true)
    KexecTarget target;

    @ArgGroup(exclusive = true)
    Actions action;

    @ArgGroup(exclusive = true)
    KexecSyscall syscall;

    @Mixin
    KexecLoadOptions load = new KexecLoadOptions();

    @Mixin
    SysrootOption sysroot = new SysrootOption();

    @Option(names = {"-d", "--debug"}, description = "Tell what was loaded, with the command line used.")
    boolean debug;

    /** The actions other than a load; picocli lets only one of them through. */
    static final class Actions {
        @ArgGroup(exclusive = false, multiplicity = "1")
        KexecUnloadAction unload;

        @ArgGroup(exclusive = false, multiplicity = "1")
        KexecExecAction exec;

        @ArgGroup(exclusive = false, multiplicity = "1")
        KexecStatusAction status;
    }

    @Override
    public void use(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        KexecContext context = new KexecContext(environment, spec.commandLine(), debug, sysroot);
        if (action != null && action.status != null) {
            return action.status.run(context, target, load);
        }
        if (action != null && action.exec != null) {
            return action.exec.run(context, target, load);
        }
        if (action == null && target == null) {
            throw context.usage("nothing to do: use -l or -p to load, -u to unload, --status to show the state");
        }
        if (sysroot.given() && !load.dryRun) {
            throw context.usage("--sysroot describes another machine: it only goes with --dry-run");
        }
        if ((load.dryRun || load.elfcorehdrOut != null) && !KexecSyscall.kexecLoad(syscall)) {
            throw context.usage("--dry-run and --elfcorehdr-out need -c: with -s the kernel builds the image itself");
        }
        if (action != null) {
            return action.unload.run(context, target, load);
        }
        boolean crash = target.panic;
        if (load.kernel == null) {
            throw context.usage((crash ? "-p" : "-l") + " needs a KERNEL to load");
        }
        return KexecSyscall.kexecLoad(syscall) ? new KexecLoadRunner(context).run(crash, load)
                : KexecFileLoad.run(context, crash, load);
    }
}
