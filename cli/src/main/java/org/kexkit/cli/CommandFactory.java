package org.kexkit.cli;

import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;

/** Gives the commands that touch the system their {@link CliEnvironment}; picocli makes the others. */
final class CommandFactory implements CommandLine.IFactory {
    /** One entry per command that reads the system or makes kernel calls. */
    private static final Map<Class<?>, Function<CliEnvironment, Object>> WITH_ENVIRONMENT = Map.of(
            KexecCommand.class, KexecCommand::new,
            MakedumpfileCommand.class, MakedumpfileCommand::new,
            KhoShowCommand.class, KhoShowCommand::new,
            KhoCheckCommand.class, KhoCheckCommand::new,
            KhoStatusCommand.class, KhoStatusCommand::new,
            LuoRestoreCommand.class, LuoRestoreCommand::new);

    private final CliEnvironment environment;

    CommandFactory(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        Function<CliEnvironment, Object> command = WITH_ENVIRONMENT.get(type);
        return command != null ? type.cast(command.apply(environment)) : CommandLine.defaultFactory().create(type);
    }
}
