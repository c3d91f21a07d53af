package org.kexkit.kdump;

import java.nio.file.Path;
import org.kexkit.kexec.CommandLineBuilder;

/**
 * What {@code kdump load} hands the kernel: the capture kernel, its initrd and command line, from the config and
 * the running system.
 *
 * @param kernel  absolute, as on the running system
 * @param initrd  absolute, as on the running system
 */
public record CaptureLoad(Path kernel, Path initrd, String cmdline, LoadMethod method) {
    /**
     * The load for the running kernel {@code release} with command line {@code procCmdline}: BOOT_IMAGE= and
     * crashkernel= dropped (as kexec --reuse-cmdline -p does), the config's removals, then its additions.
     */
    public static CaptureLoad of(KdumpConfig config, String release, String procCmdline) {
        String base = CommandLineBuilder.without(CommandLineBuilder.reuse(procCmdline, true), config.cmdlineRemove());
        return new CaptureLoad(config.kernel().orElse(KdumpPaths.kernelImage(release)),
                config.initrd().orElse(KdumpPaths.captureInitrd(release)),
                CommandLineBuilder.join(base, String.join(" ", config.cmdlineAppend())), config.loadMethod());
    }
}
