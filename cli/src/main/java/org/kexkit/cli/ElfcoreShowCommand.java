package org.kexkit.cli;

import java.nio.file.Path;
import org.kexkit.elfcore.ElfCoreReader;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code kexkit elfcore show FILE}. */
final class ElfcoreShowCommand extends CliCommand {
    private final PositionalParamSpec file = Models.parameter("0", "FILE", Path.class,
            "An elfcorehdr blob or an ELF core file.").build();
    private final JsonOutput output;

    ElfcoreShowCommand() {
        super("Print the ELF header and program header table of an ELF core header or core file.",
            "In a crash elfcorehdr every p_offset is a physical address, so notes are shown by physical address and"
                + " size, not read. Flag D is PF_DEV (a persistent-memory range).");
        spec.addPositional(file);
        output = new JsonOutput(spec);
    }

    @Override
    public Integer call() throws Exception {
        ElfcoreShowReport report = new ElfcoreShowReport(ElfCoreReader.readHeaderTable(file.getValue()));
        output.print(report::text, report::json);
        return 0;
    }
}
