package org.kexkit.cli;

/**
 * A command that reads the system or makes kernel calls: {@link CommandFactory} hands it the
 * environment (the live system, or the fakes of a test) before it runs.
 */
abstract class SystemCommand extends CliCommand {
    protected CliEnvironment environment;

    SystemCommand(String... description) {
        super(description);
    }

    final void use(CliEnvironment environment) {
        this.environment = environment;
    }
}
