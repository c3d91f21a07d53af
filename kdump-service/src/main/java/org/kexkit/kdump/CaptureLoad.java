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
     * crashkernel= dropped (as kexec --reuse-cmdline -p does), the config's removals, then its additions; and
     * {@value #RAMFS} when the line names neither root= nor a rootfstype=.
     */
    public static CaptureLoad of(KdumpConfig config, String release, String procCmdline) {
        String base = CommandLineBuilder.without(CommandLineBuilder.reuse(procCmdline, true), config.cmdlineRemove());
        String cmdline = CommandLineBuilder.join(base, String.join(" ", config.cmdlineAppend()));
        if (!java.util.regex.Pattern.compile("(^|\\s)(root|rootfstype)=").matcher(cmdline).find()) {
            cmdline = CommandLineBuilder.join(cmdline, RAMFS);
        }
        return new CaptureLoad(config.kernel().orElse(KdumpPaths.kernelImage(release)),
                config.initrd().orElse(KdumpPaths.captureInitrd(release)), cmdline, config.loadMethod());
    }

    /**
     * Without root= the kernel unpacks the initramfs into a tmpfs capped at half its memory (init/do_mounts.c,
     * rootfs_init), and a capture environment with the runtime inside does not fit a 192M reservation's half
     * ("Initramfs unpacking failed: write error"); with root= the rootfs is a ramfs anyway.
     */
    static final String RAMFS = "rootfstype=ramfs";
}
