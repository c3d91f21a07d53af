package org.kexkit.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.kexkit.dump.elf.ElfVmcoreCopier;
import org.kexkit.dump.elf.SaveResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "save", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Copy a vmcore as a plain ELF file (no filtering, no compression).",
            "Writes .OUT.kexkit-partial beside OUT with mode 0600, syncs it and renames it to OUT; after a failure the"
                + " partial file keeps its temporary name."})
final class VmcoreSaveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "VMCORE", description = "The vmcore to copy, usually /proc/vmcore.")
    Path vmcore;

    @Parameters(index = "1", paramLabel = "OUT", description = "The file to write.")
    Path out;

    @Option(names = {"-f", "--force"}, description = "Replace OUT if it exists.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        SaveResult result = new ElfVmcoreCopier().copy(vmcore, out, force);
        spec.commandLine().getOut().println(String.format(Locale.ROOT, "saved %d bytes (%.1f MiB) to %s in %.3f s (%.1f MiB/s)",
                result.bytes(), result.bytes() / (double) (1 << 20), out, result.seconds(), result.mibPerSecond()));
        return 0;
    }
}
