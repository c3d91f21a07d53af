package org.kexkit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** {@code kexkit kho}: status, show, check and versions. */
final class KhoCommand implements Callable<Integer>, CliCommand {
    private final CommandSpec spec = Models.command(this,
            "Kexec HandOver (kho-v1 to kho-v4, Linux 7.2's kho-v4 on a live system): state, handover FDTs and"
                    + " subtree blobs, whether a next kernel takes them, and which kernels can hand over to which.");

    @Override
    public CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: status, show, check or versions");
    }
}
