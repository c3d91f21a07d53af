package org.kexkit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** {@code kexkit kho}: status, show, check and versions. */
final class KhoCommand implements Callable<Integer>, CliCommand {
    private final CommandSpec spec = Models.command(this,
            "Kexec HandOver (Linux 7.2, kho-v4): state, handover FDTs and subtree blobs, and whether"
                    + " a next kernel takes them.");

    @Override
    public CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: status, show, check or versions");
    }
}
