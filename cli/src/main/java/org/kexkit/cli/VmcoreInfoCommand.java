package org.kexkit.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.kexkit.elfcore.ElfCoreReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "info", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Summarise an ELF vmcore: ELF header, program headers, notes, CPUs and VMCOREINFO.",
            "Reads only headers and notes, so it is quick on /proc/vmcore."})
final class VmcoreInfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The vmcore, e.g. /proc/vmcore or a saved ELF dump.")
    Path file;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        VmcoreInfoReport report = new VmcoreInfoReport(ElfCoreReader.read(file));
        if (json) {
            spec.commandLine().getOut().println(report.json());
        } else {
            spec.commandLine().getOut().print(report.text());
        }
        return 0;
    }
}
