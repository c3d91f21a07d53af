package org.kexkit.kdump;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.kexkit.dump.extension.ExtensionArgument;

/**
 * The kdump service's settings (/etc/kexkit/kdump.conf), defaults filled in.
 *
 * @param dumpLevel     makedumpfile's -d: one level 0-63 or a comma list to retry with when the target fills up
 * @param kernel        the capture kernel; empty: the running kernel's /boot/vmlinuz-RELEASE
 * @param initrd        the capture environment; empty: {@link KdumpPaths#captureInitrd} for the running release
 * @param cmdlineAppend words added to the capture kernel's command line
 * @param cmdlineRemove parameters (by name) taken out of the running kernel's command line
 * @param keep          how many dumps the target keeps, newest first; 0 keeps all
 * @param erase         a file of makedumpfile.conf erase rules applied to every dump
 * @param kallsyms      a System.map or /proc/kallsyms snapshot for the erase rules and extensions
 * @param extensions    extension jars run on every dump, as {@code makedumpfile --extension}
 * @param extensionArguments their arguments, as {@code --extension-arg}
 * @param captureRuntime where the capture environment takes kexkit's runtime from
 */
public record KdumpConfig(String dumpLevel, Compression compression, int messageLevel, DumpTarget target,
        Optional<Path> kernel, Optional<Path> initrd, List<String> cmdlineAppend, List<String> cmdlineRemove,
        LoadMethod loadMethod, AfterAction finalAction, AfterAction failureAction, int keep, Optional<Path> erase,
        Optional<Path> kallsyms, List<Path> extensions, List<ExtensionArgument> extensionArguments,
        CaptureRuntime captureRuntime) {

    public static final String DEFAULT_DUMP_LEVEL = "31";
    public static final Path DEFAULT_TARGET = Path.of("/var/crash");
    /** What the capture kernel needs in any case, as kdump-tools and kdump-utils append: one CPU, devices reset. */
    public static final List<String> DEFAULT_APPEND = List.of("irqpoll", "nr_cpus=1", "reset_devices");
    /** Parameters that would make the capture kernel reserve or waste the little memory it has. */
    public static final List<String> DEFAULT_REMOVE = List.of("hugepages", "hugepagesz", "default_hugepagesz",
            "hugetlb_cma", "cma", "log_buf_len", "slub_debug", "swiotlb", "quiet", "splash");

    public KdumpConfig {
        cmdlineAppend = List.copyOf(cmdlineAppend);
        cmdlineRemove = List.copyOf(cmdlineRemove);
        extensions = List.copyOf(extensions);
        extensionArguments = List.copyOf(extensionArguments);
    }

    /** The same settings with another target (the capture environment names a local path by its filesystem). */
    public KdumpConfig withTarget(DumpTarget other) {
        return new KdumpConfig(dumpLevel, compression, messageLevel, other, kernel, initrd, cmdlineAppend, cmdlineRemove,
                loadMethod, finalAction, failureAction, keep, erase, kallsyms, extensions, extensionArguments, captureRuntime);
    }

    /** The settings of an empty kdump.conf. */
    public static KdumpConfig defaults() {
        return new KdumpConfig(DEFAULT_DUMP_LEVEL, Compression.ZSTD, 7, new DumpTarget.LocalPath(DEFAULT_TARGET),
                Optional.empty(), Optional.empty(), DEFAULT_APPEND, DEFAULT_REMOVE, LoadMethod.FILE,
                AfterAction.REBOOT, AfterAction.REBOOT, 3, Optional.empty(), Optional.empty(), List.of(), List.of(),
                CaptureRuntime.IMAGE);
    }
}
