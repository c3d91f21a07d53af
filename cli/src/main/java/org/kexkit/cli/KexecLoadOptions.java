package org.kexkit.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.kexkit.kexec.CommandLineBuilder;
import org.kexkit.kexec.KexecSystemReader;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What a load takes besides -l/-p and -s/-c: the kernel, its initrd and command line, and the -c extras. */
final class KexecLoadOptions {
    @Parameters(arity = "0..1", paramLabel = "KERNEL", description = "The kernel image (bzImage) to load.")
    Path kernel;

    @Option(names = "--dry-run", description = "With -c: print the segments, command line, memory map and"
            + " ELF core header that would be loaded, and load nothing.")
    boolean dryRun;

    @Option(names = "--elfcorehdr-out", paramLabel = "FILE", description = "With -p -c: also write the ELF"
            + " core header to FILE (see kexkit elfcore show).")
    Path elfcorehdrOut;

    @Option(names = "--hotplug", description = "With -p -c: size the ELF core header for the kernel to"
            + " rewrite on CPU or memory hotplug (/sys/kernel/crash_elfcorehdr_size), leave it out of the purgatory's"
            + " digest and pass KEXEC_UPDATE_ELFCOREHDR.")
    boolean hotplug;

    @Option(names = {"--initrd", "--ramdisk"}, paramLabel = "FILE", description = "The initrd to load with"
            + " KERNEL.")
    Path initrd;

    @ArgGroup(exclusive = true)
    CommandLineBase base;

    @Option(names = "--append", paramLabel = "TEXT", description = "Text added at the end of the command"
            + " line.")
    String append;

    @Option(names = "--force", description = "With -l while Kexec HandOver is on: load KERNEL even when"
            + " the KHO check (kexkit kho check) finds it would drop handed-over data, or with -c, which hands nothing"
            + " over. (Not kexec-tools' -f.)")
    boolean force;

    /** Where the command line starts: given, or the running kernel's. */
    static final class CommandLineBase {
        @Option(names = "--command-line", paramLabel = "TEXT", description = "The new kernel's command"
                + " line.")
        String text;

        @Option(names = "--reuse-cmdline", description = "Start from /proc/cmdline, without BOOT_IMAGE="
                + " and, for -p, without crashkernel=.")
        boolean reuse;
    }

    /** The new kernel's command line from --command-line or --reuse-cmdline (read under {@code root}) and --append. */
    String commandLine(Path root, boolean crash) {
        String start = base == null ? null : base.text;
        if (base != null && base.reuse) {
            try {
                start = CommandLineBuilder.reuse(new KexecSystemReader(root).procCmdline(), crash);
            } catch (IOException e) {
                throw new CommandFailure("--reuse-cmdline: cannot read /proc/cmdline: " + ErrorReporter.expectedMessage(e));
            }
        }
        return CommandLineBuilder.join(start, append);
    }
}
