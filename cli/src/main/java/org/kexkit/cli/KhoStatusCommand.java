package org.kexkit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Show whether Kexec HandOver is on, and what it carries.",
            "From /sys/kernel/debug/kho and the kernel command line: the scratch areas, whether this kernel was booted"
                + " through KHO (kho/in) and by which kernel, and what it will hand over (kho/out). Linux 7.2.13's"
                + " known debugfs faults are named in one note line each. Needs root (debugfs is 0700)."})
final class KhoStatusCommand implements Callable<Integer>, UsesEnvironment {
    private CliEnvironment environment;

    @picocli.CommandLine.Mixin
    SysrootOption sysroot = new SysrootOption();

    @picocli.CommandLine.Mixin
    JsonOutput output = new JsonOutput();

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
