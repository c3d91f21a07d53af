package org.kexkit.cli;

import picocli.CommandLine;

/** Gives the commands that touch the system their {@link CliEnvironment}. */
final class CommandFactory implements CommandLine.IFactory {
    private final CliEnvironment environment;

    CommandFactory(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        if (type == KexecCommand.class) {
            return type.cast(new KexecCommand(environment));
        }
        if (type == MakedumpfileCommand.class) {
            return type.cast(new MakedumpfileCommand(environment));
        }
        if (type == KhoShowCommand.class) {
            return type.cast(new KhoShowCommand(environment));
        }
        if (type == KhoCheckCommand.class) {
            return type.cast(new KhoCheckCommand(environment));
        }
        if (type == KhoStatusCommand.class) {
            return type.cast(new KhoStatusCommand(environment));
        }
        if (type == PmemListCommand.class) {
            return type.cast(new PmemListCommand(environment));
        }
        if (type == LuoRestoreCommand.class) {
            return type.cast(new LuoRestoreCommand(environment));
        }
        return CommandLine.defaultFactory().create(type);
    }
}
