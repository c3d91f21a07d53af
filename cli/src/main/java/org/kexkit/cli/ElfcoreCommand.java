package org.kexkit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** {@code kexkit elfcore}: show. */
final class ElfcoreCommand implements Callable<Integer>, CliCommand {
    private final CommandSpec spec = Models.command(this,
            "Inspect ELF core headers: a crash elfcorehdr (as written by --elfcorehdr-out) or any ELF core.");

    @Override
    public CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: show");
    }
}
