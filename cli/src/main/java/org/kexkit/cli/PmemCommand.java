package org.kexkit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** {@code kexkit pmem}: list. */
final class PmemCommand implements Callable<Integer>, CliCommand {
    private final CommandSpec spec = Models.command(this,
            "Persistent memory: regions, namespaces, and which of their bytes a dump keeps.");

    @Override
    public CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: list");
    }
}
