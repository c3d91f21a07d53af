package org.kexkit.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.kexkit.dump.elf.ElfVmcoreCopier;
import org.kexkit.dump.elf.SaveResult;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code kexkit vmcore save VMCORE OUT}. */
final class VmcoreSaveCommand extends CliCommand {
    private final PositionalParamSpec vmcore = Models.parameter("0", "VMCORE", Path.class,
            "The vmcore to copy, usually /proc/vmcore.").build();
    private final PositionalParamSpec out = Models.parameter("1", "OUT", Path.class, "The file to write.").build();
    private final OptionSpec force = Models.flag("-f --force", "Replace OUT if it exists.");

    VmcoreSaveCommand() {
        super("Copy a vmcore as a plain ELF file (no filtering, no compression).",
            "Writes .OUT.kexkit-partial beside OUT with mode 0600, syncs it and renames it to OUT; after a failure the"
                + " partial file keeps its temporary name.");
        spec.addPositional(vmcore).addPositional(out).addOption(force);
    }

    @Override
    public Integer call() throws Exception {
        Path to = out.getValue();
        SaveResult result = new ElfVmcoreCopier().copy(vmcore.getValue(), to, Models.given(force));
        spec.commandLine().getOut().println(String.format(Locale.ROOT, "saved %d bytes (%.1f MiB) to %s in %.3f s (%.1f MiB/s)",
                result.bytes(), result.bytes() / (double) (1 << 20), to, result.seconds(), result.mibPerSecond()));
        return 0;
    }
}
