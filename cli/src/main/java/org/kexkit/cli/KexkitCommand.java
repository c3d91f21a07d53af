package org.kexkit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

@Command(name = "kexkit", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "kexec and kdump toolkit for x86-64 Linux: load crash kernels, inspect and save vmcores.",
        subcommands = {KexecCommand.class, VmcoreCommand.class, ElfcoreCommand.class, MakedumpfileCommand.class, KhoCommand.class,
            LuoCommand.class, PmemCommand.class},
        footer = {"", "Exit status: 0 success, 1 failure, 2 usage error."})
final class KexkitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Show the Java stack trace of a failure.")
    boolean verbose;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: kexec or vmcore");
    }
}
