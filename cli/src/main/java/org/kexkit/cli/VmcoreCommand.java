package org.kexkit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** {@code kexkit vmcore}: info and save. */
final class VmcoreCommand implements Callable<Integer>, CliCommand {
    private final CommandSpec spec = Models.command(this,
            "Inspect and save a vmcore (/proc/vmcore in a capture kernel, or a saved ELF dump).");

    @Override
    public CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: info or save");
    }
}
