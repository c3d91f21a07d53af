package org.kexkit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Show whether Kexec HandOver is on, and what it carries.",
            "From /sys/kernel/debug/kho and the kernel command line: the scratch areas,",
            "whether this kernel was booted through KHO (kho/in) and by which kernel,",
            "and what it will hand over (kho/out). Linux 7.2.13's known debugfs faults",
            "are named in one note line each. Needs root (debugfs is 0700)."})
final class KhoStatusCommand implements Callable<Integer> {
    private final CliEnvironment environment;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    KhoSysroot sysroot = new KhoSysroot();

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    KhoStatusCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        KhoStatusReport report = KhoStatusReport.read(sysroot.root(environment));
        if (json) {
            spec.commandLine().getOut().println(report.json());
        } else {
            spec.commandLine().getOut().print(report.text());
        }
        return 0;
    }
}
