package org.kexkit.cli;

import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * `kexkit kexec` with kexec-tools' spellings: picocli's groups keep -l/-p, -s/-c and the actions
 * --status, -e and -u apart; each action is its own class, and a load goes to kexec_file_load or
 * kexec_load.
 */
final class KexecCommand extends SystemCommand {
    private final KexecTarget target = new KexecTarget();
    /** The actions other than a load; picocli lets only one of them through. */
    private final KexecUnloadAction unload = new KexecUnloadAction();
    private final KexecExecAction exec = new KexecExecAction();
    private final KexecStatusAction status = new KexecStatusAction();
    private final KexecSyscall syscall = new KexecSyscall();
    private final KexecLoadOptions load = new KexecLoadOptions();
    private final SysrootOption sysroot;
    private final OptionSpec debug = Models.flag("-d --debug", "Tell what was loaded, with the command line used.");

    KexecCommand() {
        super("Load, unload or start a kexec or crash (kdump) kernel, with kexec-tools' option spellings.",
            "Loads use kexec_file_load (-s, the default): the running kernel reads, verifies and places the image."
                + " With -c (kexec_load) kexkit builds the image itself: the crash ELF core header, boot_params, the"
                + " capture kernel's memory map and a purgatory that checks the segments' SHA-256 before the jump.",
            "While Kexec HandOver is on, -l -s first checks that KERNEL takes the handed-over data (kexkit kho check)"
                + " and refuses a kernel that would drop it, unless --force. -l -c refuses to load while KHO is on"
                + " unless --kho, with which kexkit writes the handover itself (the reserve_mem regions and kexec"
                + " metadata; LUO sessions need -s).",
            "Quiet on success, like kexec-tools; -d tells what was done.");
        spec.usageMessage().sortOptions(false).customSynopsis(
                "kexkit kexec (-l | -p) [-s | -c] [OPTIONS] KERNEL",
                "       kexkit kexec [-p] -u",
                "       kexkit kexec -e [--preserve NAME=FILE]...",
                "       kexkit kexec --status [--json]");
        spec.usageMessage().footer("", "Examples:",
                "  kexkit kexec -p -s /boot/vmlinuz --initrd=/boot/initrd.img \\",
                "      --reuse-cmdline --append='irqpoll nr_cpus=1'",
                "  kexkit kexec -p -c /boot/vmlinuz --initrd=/boot/initrd.img \\",
                "      --append='irqpoll nr_cpus=1' --dry-run",
                "  kexkit kexec -l -c /boot/vmlinuz --reuse-cmdline && kexkit kexec -e",
                "  kexkit kexec -e --preserve data=/var/lib/app/state",
                "      (then, in the next kernel: kexkit luo restore data)",
                "  kexkit kexec -p -u        # unload the crash kernel",
                "  kexkit kexec --status --json");
        spec.addArgGroup(target.group());
        spec.addArgGroup(ArgGroupSpec.builder().exclusive(true).addSubgroup(unload.group()).addSubgroup(exec.group())
                .addSubgroup(status.group()).build());
        spec.addArgGroup(syscall.group());
        load.addTo(spec);
        sysroot = new SysrootOption(spec);
        spec.addOption(debug);
    }

    @Override
    public Integer call() throws Exception {
        KexecContext context = new KexecContext(environment, spec.commandLine(), Models.given(debug), sysroot);
        KexecLoadOptions load = this.load.read();
        if (status.given()) {
            return status.run(context, target, load);
        }
        if (exec.given()) {
            return exec.run(context, target, load);
        }
        if (!unload.given() && !target.given()) {
            throw context.usage("nothing to do: use -l or -p to load, -u to unload, --status to show the state");
        }
        if (sysroot.given() && !load.dryRun) {
            throw context.usage("--sysroot describes another machine: it only goes with --dry-run");
        }
        if ((load.dryRun || load.elfcorehdrOut != null) && !syscall.kexecLoad()) {
            throw context.usage("--dry-run and --elfcorehdr-out need -c: with -s the kernel builds the image itself");
        }
        if (!load.fileOptions.isEmpty() && (syscall.kexecLoad() || unload.given())) {
            throw context.usage(KexecLoadOptions.spellings(load.fileOptions) + ": kexec_file_load flags, they go with a"
                    + " load with -s");
        }
        if (load.kho && (!syscall.kexecLoad() || unload.given() || target.panic())) {
            throw context.usage("--kho goes with -l -c: kexec_file_load (-s) hands KHO over by itself, and crash"
                    + " kernels take no KHO data");
        }
        if (unload.given()) {
            return unload.run(context, target, load);
        }
        boolean crash = target.panic();
        if (load.kernel == null) {
            throw context.usage((crash ? "-p" : "-l") + " needs a KERNEL to load");
        }
        return syscall.kexecLoad() ? new KexecLoadRunner(context).run(crash, load)
                : KexecFileLoad.run(context, crash, load);
    }
}
