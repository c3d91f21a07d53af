package org.kexkit.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.kexkit.elfcore.ElfCoreReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Summarise an ELF vmcore: ELF header, program headers, notes, CPUs and VMCOREINFO.",
            "Reads only headers and notes, so it is quick on /proc/vmcore."})
final class VmcoreInfoCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The vmcore, e.g. /proc/vmcore or a saved ELF dump.")
    Path file;

    @Mixin
    JsonOutput output = new JsonOutput();

    @Override
    public Integer call() throws Exception {
        VmcoreInfoReport report = new VmcoreInfoReport(ElfCoreReader.read(file));
        output.print(report::text, report::json);
        return 0;
    }
}
