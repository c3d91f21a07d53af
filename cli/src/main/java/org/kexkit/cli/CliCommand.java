package org.kexkit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A kexkit command: its picocli model, made in code by the command itself (see {@link Models}; no
 * annotations, so nothing is reflected on at start-up), and what it does when run. Options made in a
 * subclass's field initializers add themselves to {@link #spec}, which exists by then.
 */
abstract class CliCommand implements Callable<Integer> {
    protected final CommandSpec spec;

    /** @param description the usage text's paragraphs (the first is the one-line summary) */
    CliCommand(String... description) {
        spec = Models.command(this, description);
    }

    final CommandSpec spec() {
        return spec;
    }
}
