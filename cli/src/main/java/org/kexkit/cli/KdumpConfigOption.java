package org.kexkit.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.kexkit.kdump.KdumpConfig;
import org.kexkit.kdump.KdumpConfigException;
import org.kexkit.kdump.KdumpConfigFile;
import org.kexkit.kdump.KdumpPaths;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** --config FILE for the kdump commands: kdump.conf, /etc/kexkit/kdump.conf under the system root by default. */
final class KdumpConfigOption {
    private final OptionSpec config = Models.option("--config", "FILE", Path.class,
            "The service's settings (default /etc/kexkit/kdump.conf, under --sysroot when given).").build();

    KdumpConfigOption(CommandSpec command) {
        command.addOption(config);
    }

    /** The file read: --config, else kdump.conf under {@code root}. */
    Path file(Path root) {
        Path given = config.getValue();
        return given != null ? given : root.resolve(KdumpPaths.CONFIG);
    }

    /** The config, or the one error line (file, line, key) with {@code consequence} appended. */
    KdumpConfig read(Path root, String consequence) {
        Path file = file(root);
        try {
            return KdumpConfigFile.read(file);
        } catch (KdumpConfigException e) {
            throw new CommandFailure(e.getMessage() + consequence);
        } catch (IOException e) {
            throw new CommandFailure(file + ": cannot read: " + ErrorReporter.expectedMessage(e) + consequence);
        }
    }
}
