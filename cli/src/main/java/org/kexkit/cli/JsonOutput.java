package org.kexkit.cli;

import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** --json for commands that print one report: as text, or as one JSON object on a line. */
final class JsonOutput {
    private final CommandSpec command;
    private final OptionSpec json = Models.flag("--json", "Print one JSON object instead of text.");

    /** Adds --json to {@code command}. */
    JsonOutput(CommandSpec command) {
        this.command = command;
        command.addOption(json);
    }

    /** Only the chosen form is built. */
    void print(Supplier<String> text, Supplier<String> json) {
        if (Models.given(this.json)) {
            command.commandLine().getOut().println(json.get());
        } else {
            command.commandLine().getOut().print(text.get());
        }
    }
}
