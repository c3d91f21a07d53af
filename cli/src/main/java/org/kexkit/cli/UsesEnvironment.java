package org.kexkit.cli;

/** A command that reads the system or makes kernel calls: {@link CommandFactory} hands it the environment. */
interface UsesEnvironment {
    void use(CliEnvironment environment);
}
