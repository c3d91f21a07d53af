package org.kexkit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "show", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Print a KHO root FDT or one subtree blob (kexec-metadata, memblock, LUO)",
            "as a dts-like view, then what it means. Raw little-endian u64 values are",
            "shown as /le64/ <0x...>. For a root FDT, blobs in a sub_fdts/ directory",
            "beside FILE (the debugfs layout) are decoded too."})
final class KhoShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A root FDT (kho/in/fdt, kho/out/fdt) or a subtree blob.")
    Path file;

    @Option(names = "--subtree", paramLabel = "NAME",
            description = "Read FILE as the blob of this subtree (kexec-metadata, memblock, LUO).")
    String subtree;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        KhoShowReport report = KhoShowReport.of(file.toString(), Files.readAllBytes(file), subtree,
                file.toAbsolutePath().getParent() == null ? null : file.toAbsolutePath().getParent().resolve("sub_fdts"));
        if (json) {
            spec.commandLine().getOut().println(report.json());
        } else {
            spec.commandLine().getOut().print(report.text());
        }
        return 0;
    }
}
