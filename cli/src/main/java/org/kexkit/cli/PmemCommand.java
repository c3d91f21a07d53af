package org.kexkit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "pmem", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Persistent memory: regions, namespaces, and which of their bytes a dump keeps.",
        subcommands = {PmemListCommand.class})
final class PmemCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: list");
    }
}
