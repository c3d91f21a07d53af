package org.kexkit.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.kexkit.kexec.CommandLineBuilder;
import org.kexkit.kexec.KexecFileOption;
import org.kexkit.kexec.KexecSystemReader;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * What a load takes besides -l/-p and -s/-c: the kernel, its initrd and command line, and the -c
 * extras. The fields hold one command line's values once {@link #read} has run.
 */
final class KexecLoadOptions {
    private final PositionalParamSpec kernelParameter = Models.parameter("0", "KERNEL", Path.class,
            "The kernel image (bzImage) to load.").arity("0..1").required(false).build();
    private final OptionSpec dryRunOption = Models.flag("--dry-run", "With -c: print the segments, command line,"
            + " memory map and ELF core header that would be loaded, and load nothing.");
    private final OptionSpec elfcorehdrOutOption = Models.option("--elfcorehdr-out", "FILE", Path.class,
            "With -p -c: also write the ELF core header to FILE (see kexkit elfcore show).").build();
    private final OptionSpec hotplugOption = Models.flag("--hotplug", "With -p -c: size the ELF core header for the"
            + " kernel to rewrite on CPU or memory hotplug (/sys/kernel/crash_elfcorehdr_size), leave it out of the"
            + " purgatory's digest and pass KEXEC_UPDATE_ELFCOREHDR.");
    private final OptionSpec initrdOption = Models.option("--initrd --ramdisk", "FILE", Path.class,
            "The initrd to load with KERNEL.").build();
    /** Where the command line starts: given, or the running kernel's. */
    private final OptionSpec commandLineOption = Models.option("--command-line", "TEXT", String.class,
            "The new kernel's command line.").build();
    private final OptionSpec reuseOption = Models.flag("--reuse-cmdline", "Start from /proc/cmdline, without"
            + " BOOT_IMAGE= and, for -p, without crashkernel=.");
    private final OptionSpec appendOption = Models.option("--append", "TEXT", String.class,
            "Text added at the end of the command line.").build();
    private final OptionSpec forceOption = Models.flag("--force", "With -l while Kexec HandOver is on: load KERNEL"
            + " even when the KHO check (kexkit kho check) finds it would drop handed-over data, or with -c, which hands"
            + " nothing over. (Not kexec-tools' -f.)");

    private final OptionSpec khoOption = Models.flag("--kho", "With -l -c while Kexec HandOver is on: hand over what"
            + " kexec_load can carry (the reserve_mem regions and the kexec metadata, not LUO sessions): kexkit writes the"
            + " KHO root FDT, the blobs, the radix tree of preserved memory and the scratch array as segments and adds a"
            + " SETUP_KEXEC_KHO entry to boot_params.");

    /** The optional kexec_file_load flags: --force-dtb as kexec-tools spells it, --no-cma in the same style. */
    private final OptionSpec noCmaOption = Models.flag("--no-cma", "With -s: pass KEXEC_FILE_NO_CMA, so the kernel"
            + " copies the segments at kexec time instead of placing them in CMA memory.");
    private final OptionSpec forceDtbOption = Models.flag("--force-dtb", "With -s: pass KEXEC_FILE_FORCE_DTB, so the"
            + " next kernel gets this boot's device tree blob (x86).");

    Path kernel;
    /** --no-cma and --force-dtb as kexec_file_load flags. */
    Set<KexecFileOption> fileOptions = Set.of();
    boolean dryRun;
    Path elfcorehdrOut;
    boolean hotplug;
    Path initrd;
    boolean force;
    boolean kho;

    /** Adds the options to {@code command}, the group first (help lists groups before plain options). */
    void addTo(CommandSpec command) {
        command.addArgGroup(ArgGroupSpec.builder().exclusive(true).addArg(commandLineOption).addArg(reuseOption).build());
        command.addPositional(kernelParameter).addOption(dryRunOption).addOption(elfcorehdrOutOption)
                .addOption(hotplugOption).addOption(initrdOption).addOption(appendOption).addOption(forceOption)
                .addOption(khoOption).addOption(noCmaOption).addOption(forceDtbOption);
    }

    /** Takes the values of the command line just parsed. */
    KexecLoadOptions read() {
        kernel = kernelParameter.getValue();
        dryRun = Models.given(dryRunOption);
        elfcorehdrOut = elfcorehdrOutOption.getValue();
        hotplug = Models.given(hotplugOption);
        initrd = initrdOption.getValue();
        force = Models.given(forceOption);
        kho = Models.given(khoOption);
        EnumSet<KexecFileOption> options = EnumSet.noneOf(KexecFileOption.class);
        if (Models.given(noCmaOption)) {
            options.add(KexecFileOption.NO_CMA);
        }
        if (Models.given(forceDtbOption)) {
            options.add(KexecFileOption.FORCE_DTB);
        }
        fileOptions = options;
        return this;
    }

    /** How the command line spells a kexec_file_load option. */
    static String spelling(KexecFileOption option) {
        return switch (option) {
            case NO_CMA -> "--no-cma";
            case FORCE_DTB -> "--force-dtb";
        };
    }

    /** "--no-cma and --force-dtb", for refusals. */
    static String spellings(Set<KexecFileOption> options) {
        return String.join(" and ", options.stream().map(KexecLoadOptions::spelling).toList());
    }

    /** The new kernel's command line from --command-line or --reuse-cmdline (read under {@code root}) and --append. */
    String commandLine(Path root, boolean crash) {
        String start = commandLineOption.getValue();
        if (Models.given(reuseOption)) {
            try {
                start = CommandLineBuilder.reuse(new KexecSystemReader(root).procCmdline(), crash);
            } catch (IOException e) {
                throw new CommandFailure("--reuse-cmdline: cannot read /proc/cmdline: " + ErrorReporter.expectedMessage(e));
            }
        }
        return CommandLineBuilder.join(start, appendOption.getValue());
    }
}
