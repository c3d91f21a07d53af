package org.kexkit.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * kexkit's commands describe their picocli model in code with these: picocli's annotations would
 * have it read every command class by reflection, with a proxy class spun up per annotation type,
 * on every start. A command keeps the specs it made and reads their values after the parse.
 */
final class Models {
    private Models() {
    }

    /** A command picocli calls, with its description lines and kexkit's version lines. */
    static CommandSpec command(Object command, String... description) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command);
        spec.versionProvider(new VersionProvider());
        spec.usageMessage().description(description);
        return spec;
    }

    /** -h/--help and -V/--version, which every command has, after its own options (as picocli's mixin adds them). */
    static void addStandardHelp(CommandSpec spec) {
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
    }

    /** An option without a value, false until given; {@code names} separated by spaces. */
    static OptionSpec flag(String names, String... description) {
        return OptionSpec.builder(names.split(" ")).type(boolean.class).initialValue(false).description(description)
                .build();
    }

    /** An option with one value of {@code type}, null until given. */
    static OptionSpec.Builder option(String names, String paramLabel, Class<?> type, String... description) {
        return OptionSpec.builder(names.split(" ")).paramLabel(paramLabel).type(type).description(description);
    }

    /** The positional parameter at {@code index}, of {@code type}, required unless its arity says otherwise. */
    static PositionalParamSpec.Builder parameter(String index, String paramLabel, Class<?> type, String... description) {
        return PositionalParamSpec.builder().index(index).paramLabel(paramLabel).type(type).arity("1").required(true)
                .description(description);
    }

    /** Whether a {@link #flag} was given. */
    static boolean given(OptionSpec flag) {
        return Boolean.TRUE.equals(flag.getValue());
    }
}
