package org.kexkit.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.kexkit.elfcore.ElfCoreReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "show", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Print the ELF header and program header table of an ELF core header or core file.",
            "In a crash elfcorehdr every p_offset is a physical address, so notes are shown by",
            "physical address and size, not read. Flag D is PF_DEV (a persistent-memory range)."})
final class ElfcoreShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "An elfcorehdr blob or an ELF core file.")
    Path file;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ElfcoreShowReport report = new ElfcoreShowReport(ElfCoreReader.readHeaderTable(file));
        if (json) {
            spec.commandLine().getOut().println(report.json());
        } else {
            spec.commandLine().getOut().print(report.text());
        }
        return 0;
    }
}
