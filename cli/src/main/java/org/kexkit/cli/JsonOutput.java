package org.kexkit.cli;

import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** --json for commands that print one report: as text, or as one JSON object on a line. */
final class JsonOutput {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    /** Only the chosen form is built. */
    void print(Supplier<String> text, Supplier<String> json) {
        if (this.json) {
            command.commandLine().getOut().println(json.get());
        } else {
            command.commandLine().getOut().print(text.get());
        }
    }
}
