package org.kexkit.cli;

import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ScopeType;

/** The root, {@code kexkit}: --verbose for every command, and the list of commands. */
final class KexkitCommand extends GroupCommand {
    KexkitCommand() {
        super("kexec or vmcore",
                "kexec and kdump toolkit for x86-64 Linux: load crash kernels, inspect and save vmcores.");
        spec.usageMessage().footer("", "Exit status: 0 success, 1 failure, 2 usage error.");
        spec.addOption(OptionSpec.builder("--verbose").scopeType(ScopeType.INHERIT).type(boolean.class)
                .initialValue(false).description("Show the Java stack trace of a failure.").build());
    }
}
