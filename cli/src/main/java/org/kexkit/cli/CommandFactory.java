package org.kexkit.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import picocli.CommandLine;

/**
 * Makes the commands of the {@link CommandTree} and hands those that touch the system their
 * {@link CliEnvironment}; nothing is made or bound for commands that do not run.
 */
final class CommandFactory implements CommandLine.IFactory {
    private final CliEnvironment environment;

    CommandFactory(CliEnvironment environment) {
        this.environment = environment;
    }

    /** A command of the tree, with its model. */
    CliCommand command(Class<? extends CliCommand> type) {
        try {
            CliCommand made = type.getDeclaredConstructor().newInstance();
            if (made instanceof SystemCommand command) {
                command.use(environment);
            }
            return made;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make " + type.getName(), e);
        }
    }

    /** What picocli asks for: the list a multi-value option or parameter collects into. */
    @Override
    public <K> K create(Class<K> type) throws Exception {
        if (type == List.class || type == Collection.class) {
            return type.cast(new ArrayList<>());
        }
        return CommandLine.defaultFactory().create(type);
    }
}
