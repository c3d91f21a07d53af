package org.kexkit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kexkit kho status}. */
final class KhoStatusCommand implements Callable<Integer>, CliCommand, UsesEnvironment {
    private final CommandSpec spec = Models.command(this,
            "Show whether Kexec HandOver is on, and what it carries.",
            "From /sys/kernel/debug/kho and the kernel command line: the scratch areas, whether this kernel was booted"
                + " through KHO (kho/in) and by which kernel, and what it will hand over (kho/out). Linux 7.2.13's"
                + " known debugfs faults are named in one note line each. Needs root (debugfs is 0700).");
    private final SysrootOption sysroot = new SysrootOption(spec);
    private final JsonOutput output = new JsonOutput(spec);
    private CliEnvironment environment;

    @Override
    public CommandSpec spec() {
        return spec;
    }

    @Override
    public void use(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        KhoStatusReport report = KhoStatusReport.read(sysroot.root(environment));
        output.print(report::text, report::json);
        return 0;
    }
}
