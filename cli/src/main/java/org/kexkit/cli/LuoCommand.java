package org.kexkit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** {@code kexkit luo}: restore. */
final class LuoCommand implements Callable<Integer>, CliCommand {
    private final CommandSpec spec = Models.command(this,
            "Live Update Orchestrator (Linux 7.2, /dev/liveupdate): files handed over with"
                    + " kexkit kexec -e --preserve.");

    @Override
    public CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: restore");
    }
}
