package org.kexkit.cli;

import picocli.CommandLine;

/**
 * Makes the commands picocli asks for and hands those that touch the system their
 * {@link CliEnvironment}; nothing is made or bound for commands that do not run.
 */
final class CommandFactory implements CommandLine.IFactory {
    private final CliEnvironment environment;

    CommandFactory(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        K made = CommandLine.defaultFactory().create(type);
        if (made instanceof UsesEnvironment command) {
            command.use(environment);
        }
        return made;
    }
}
