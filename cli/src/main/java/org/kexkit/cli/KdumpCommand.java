package org.kexkit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** {@code kexkit kdump}: the kdump service's commands. */
final class KdumpCommand implements Callable<Integer>, CliCommand {
    private final CommandSpec spec = Models.command(this,
            "The kdump service. Load the capture kernel (at boot, from kexkit-kdump.service), capture the dump after a"
                + " crash, and tell what is loaded and how the last capture went. Settings: /etc/kexkit/kdump.conf"
                + " (kdump.conf(5)).");

    @Override
    public CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: load, unload, status, capture, config or setup");
    }
}
