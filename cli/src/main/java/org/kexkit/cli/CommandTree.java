package org.kexkit.cli;

import java.util.List;

/**
 * kexkit's commands by name, in the order --help lists them: the one place the tree is written
 * down (each command describes only itself). {@link CommandBuilder} makes only the branch a
 * command line names.
 */
record CommandTree(String name, Class<? extends CliCommand> type, List<CommandTree> subcommands) {
    static final CommandTree ROOT = new CommandTree("kexkit", KexkitCommand.class, List.of(
            leaf("kexec", KexecCommand.class),
            group("vmcore", VmcoreCommand.class, leaf("info", VmcoreInfoCommand.class),
                    leaf("save", VmcoreSaveCommand.class)),
            group("elfcore", ElfcoreCommand.class, leaf("show", ElfcoreShowCommand.class)),
            leaf("makedumpfile", MakedumpfileCommand.class),
            group("kho", KhoCommand.class, leaf("status", KhoStatusCommand.class), leaf("show", KhoShowCommand.class),
                    leaf("check", KhoCheckCommand.class), leaf("versions", KhoVersionsCommand.class)),
            group("luo", LuoCommand.class, leaf("restore", LuoRestoreCommand.class)),
            group("pmem", PmemCommand.class, leaf("list", PmemListCommand.class)),
            group("kdump", KdumpCommand.class, leaf("load", KdumpLoadCommand.class), leaf("unload",
                    KdumpUnloadCommand.class), leaf("status", KdumpStatusCommand.class), leaf("capture",
                    KdumpCaptureCommand.class), leaf("config", KdumpConfigCommand.class), leaf("setup",
                    KdumpSetupCommand.class), leaf("estimate", KdumpEstimateCommand.class)),
            leaf("qemu-test", QemuTestCommand.class)));

    private static CommandTree leaf(String name, Class<? extends CliCommand> type) {
        return new CommandTree(name, type, List.of());
    }

    private static CommandTree group(String name, Class<? extends CliCommand> type, CommandTree... subcommands) {
        return new CommandTree(name, type, List.of(subcommands));
    }

    /** The subcommand called {@code name}, or null. */
    CommandTree subcommand(String name) {
        for (CommandTree c : subcommands) {
            if (c.name.equals(name)) {
                return c;
            }
        }
        return null;
    }
}
