package org.kexkit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.kexkit.kdump.KdumpPaths;

/** {@code kexkit kdump unload}: the capture kernel unloaded, however it was loaded (kexec -p -u). */
final class KdumpUnloadCommand extends SystemCommand {
    private final SysrootOption sysroot = new SysrootOption(spec);

    KdumpUnloadCommand() {
        super("Unload the capture kernel (as 'kexkit kexec -p -u'); the unit runs it when stopped.");
    }

    @Override
    public Integer call() throws Exception {
        Path root = sysroot.root(environment);
        // a kexec_file_load unload frees the crash image whichever call loaded it (kernel/kexec_file.c)
        Bindings.kexecFileLoad(environment).unload(true);
        Files.deleteIfExists(root.resolve(KdumpPaths.LOADED));
        spec.commandLine().getOut().println("kdump: capture kernel unloaded");
        return 0;
    }
}
