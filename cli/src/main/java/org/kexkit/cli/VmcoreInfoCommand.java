package org.kexkit.cli;

import java.nio.file.Path;
import org.kexkit.elfcore.ElfCoreReader;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code kexkit vmcore info FILE}. */
final class VmcoreInfoCommand extends CliCommand {
    private final PositionalParamSpec file = Models.parameter("0", "FILE", Path.class,
            "The vmcore, e.g. /proc/vmcore or a saved ELF dump.").build();
    private final JsonOutput output;

    VmcoreInfoCommand() {
        super("Summarise an ELF vmcore: ELF header, program headers, notes, CPUs and VMCOREINFO.",
            "Reads only headers and notes, so it is quick on /proc/vmcore.");
        spec.addPositional(file);
        output = new JsonOutput(spec);
    }

    @Override
    public Integer call() throws Exception {
        VmcoreInfoReport report = new VmcoreInfoReport(ElfCoreReader.read(file.getValue()));
        output.print(report::text, report::json);
        return 0;
    }
}
