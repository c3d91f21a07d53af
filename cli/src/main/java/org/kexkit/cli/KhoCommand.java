package org.kexkit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Kexec HandOver (Linux 7.2, kho-v4): state, handover FDTs and subtree blobs, and whether"
                + " a next kernel takes them.")
final class KhoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: status, show or check");
    }
}
