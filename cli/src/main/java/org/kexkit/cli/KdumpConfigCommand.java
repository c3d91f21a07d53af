package org.kexkit.cli;

import java.nio.file.Path;
import org.kexkit.kdump.KdumpConfig;
import org.kexkit.kdump.KdumpConfigText;
import picocli.CommandLine.Model.OptionSpec;

/** {@code kexkit kdump config [--check]}: the settings the service uses, or whether the file is good. */
final class KdumpConfigCommand extends SystemCommand {
    private final SysrootOption sysroot = new SysrootOption(spec);
    private final KdumpConfigOption config = new KdumpConfigOption(spec);
    private final OptionSpec check = Models.flag("--check", "Only check the file: print 'FILE: ok' or the error.");

    KdumpConfigCommand() {
        super("Print the settings the service uses (every key, defaults filled in), in kdump.conf's syntax.",
            "A bad file is one line naming the file, line and key (exit 1).");
        spec.addOption(check);
    }

    @Override
    public Integer call() {
        Path root = sysroot.root(environment);
        KdumpConfig c = config.read(root, "");
        if (Models.given(check)) {
            spec.commandLine().getOut().println(config.file(root) + ": ok");
        } else {
            spec.commandLine().getOut().print(KdumpConfigText.write(c));
        }
        return 0;
    }
}
