package org.kexkit.cli;

import picocli.CommandLine.Model.CommandSpec;

/** A kexkit command: its picocli model, made in code by the command itself (see {@link Models}). */
interface CliCommand {
    CommandSpec spec();
}
