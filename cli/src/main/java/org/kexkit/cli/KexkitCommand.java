package org.kexkit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;

/** The root, {@code kexkit}: --verbose for every command, and the list of commands. */
final class KexkitCommand implements Callable<Integer>, CliCommand {
    private final CommandSpec spec = Models.command(this,
            "kexec and kdump toolkit for x86-64 Linux: load crash kernels, inspect and save vmcores.");

    KexkitCommand() {
        spec.usageMessage().footer("", "Exit status: 0 success, 1 failure, 2 usage error.");
        spec.addOption(OptionSpec.builder("--verbose").scopeType(ScopeType.INHERIT).type(boolean.class)
                .initialValue(false).description("Show the Java stack trace of a failure.").build());
    }

    @Override
    public CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: kexec or vmcore");
    }
}
