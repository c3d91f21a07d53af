package org.kexkit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Builds picocli's model of the commands one command line needs, each configured as it is made
 * (error handlers, enum spelling, help layout): the commands it names, down the
 * {@link CommandTree}, and, where help is asked for or a word names no command, the other commands
 * of that level too, unbuilt below, so that the listing and picocli's message are those of the whole
 * tree. Nothing else is made. The group commands' options are all flags, so the first word that is
 * not an option is the subcommand's name.
 */
final class CommandBuilder {
    static {
        // Each picocli CommandLine registers its built-in converters, and its first version provider
        // looks for Groovy: without these, every start searches every jar on the class path for
        // groovy.lang.Closure and for java.sql, which a small runtime image does not have.
        System.setProperty("picocli.disable.closures", "true");
        System.setProperty("picocli.converters.excludes", "java\\.sql\\..*");
    }

    private final CommandFactory factory;
    private final ErrorReporter reporter = new ErrorReporter();

    CommandBuilder(CliEnvironment environment) {
        this.factory = new CommandFactory(environment);
    }

    /** Every command (tests, and what reads the whole model). */
    CommandLine whole() {
        return whole(CommandTree.ROOT);
    }

    /** What {@code args} needs. */
    CommandLine forArgs(String... args) {
        for (String arg : args) {
            if (arg.startsWith("@")) {
                return whole(); // picocli reads an @FILE's words in place: any of them may name a command
            }
        }
        return build(CommandTree.ROOT, args, 0);
    }

    private CommandLine whole(CommandTree node) {
        CommandLine command = make(node);
        for (CommandTree sub : node.subcommands()) {
            command.addSubcommand(sub.name(), whole(sub));
        }
        return command;
    }

    private CommandLine build(CommandTree node, String[] args, int from) {
        CommandLine command = make(node);
        if (node.subcommands().isEmpty()) {
            return command;
        }
        int word = from;
        boolean onlyQuietOptions = true;
        boolean help = false;
        boolean endOfOptions = false;
        for (; word < args.length && isOption(args[word]) && !endOfOptions; word++) {
            help |= args[word].equals("-h") || args[word].equals("--help");
            onlyQuietOptions &= args[word].equals("-V") || args[word].equals("--version") || args[word].equals("--verbose");
            endOfOptions = args[word].equals("--"); // what follows is no command's name
        }
        CommandTree chosen = word < args.length && !endOfOptions ? node.subcommand(args[word]) : null;
        boolean listAll = chosen == null ? word < args.length || !onlyQuietOptions : help;
        for (CommandTree sub : node.subcommands()) {
            if (sub == chosen) {
                command.addSubcommand(sub.name(), build(sub, args, word + 1));
            } else if (listAll) {
                command.addSubcommand(sub.name(), make(sub));
            }
        }
        return command;
    }

    private static boolean isOption(String arg) {
        return arg.length() > 1 && arg.startsWith("-");
    }

    private CommandLine make(CommandTree node) {
        CommandSpec spec = factory.command(node.type()).spec();
        Models.addStandardHelp(spec);
        CommandLine command = new CommandLine(spec, factory);
        command.setCommandName(node.name());
        command.setExecutionExceptionHandler(reporter);
        command.setParameterExceptionHandler(reporter);
        command.setCaseInsensitiveEnumValuesAllowed(true);
        HelpLayout.apply(command);
        return command;
    }
}
