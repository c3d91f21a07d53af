package org.kexkit.cli;

import picocli.CommandLine.ParameterException;

/** A command that only groups others ({@code kexkit kdump}, {@code kexkit kho}, ...): run alone, it names them. */
abstract class GroupCommand extends CliCommand {
    private final String commands;

    /** @param commands the subcommands as the usage error lists them ("info or save") */
    GroupCommand(String commands, String... description) {
        super(description);
        this.commands = commands;
    }

    @Override
    public final Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: " + commands);
    }
}
