package org.kexkit.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.kexkit.elfcore.ElfCoreReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "show", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Print the ELF header and program header table of an ELF core header or core file.",
            "In a crash elfcorehdr every p_offset is a physical address, so notes are shown by physical address and"
                + " size, not read. Flag D is PF_DEV (a persistent-memory range)."})
final class ElfcoreShowCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "An elfcorehdr blob or an ELF core file.")
    Path file;

    @Mixin
    JsonOutput output = new JsonOutput();

    @Override
    public Integer call() throws Exception {
        ElfcoreShowReport report = new ElfcoreShowReport(ElfCoreReader.readHeaderTable(file));
        output.print(report::text, report::json);
        return 0;
    }
}
