package org.kexkit.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.MaxValuesExceededException;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * picocli's usage errors in the words kexkit's own use: no "Error: " prefix, "--json goes with
 * --status" for an option given without the one its group needs, and a short line for an option
 * group given twice. Anything else is picocli's message as it is.
 */
final class UsageText {
    private static final String PREFIX = "Error: ";
    private static final String TWICE = "expected only one match but got ";

    private UsageText() {
    }

    static String of(ParameterException ex, String[] args) {
        String message = ex.getMessage() == null ? "" : ex.getMessage();
        if (message.startsWith(PREFIX)) {
            message = message.substring(PREFIX.length());
        }
        if (ex instanceof MissingParameterException m) {
            String together = goesWith(m.getMissing(), args);
            return together != null ? together : message;
        }
        if (ex instanceof MaxValuesExceededException && message.startsWith(TWICE)) {
            String group = repeatedGroup(message);
            return group != null ? "give one of " + group + ", once" : message;
        }
        return message;
    }

    /** "--preserve goes with -e": options of a group given without the option the group requires. */
    private static String goesWith(List<ArgSpec> missing, String[] args) {
        // picocli lists every member of the incomplete group; the one to name is its required option
        List<OptionSpec> required = missing.stream().filter(a -> a instanceof OptionSpec && a.required()
                && a.group() != null).map(a -> (OptionSpec) a).toList();
        if (required.size() != 1) {
            return null;
        }
        OptionSpec needed = required.get(0);
        ArgGroupSpec group = needed.group();
        List<String> given = new ArrayList<>();
        for (OptionSpec option : group.options()) {
            if (option != needed && Arrays.stream(option.names()).anyMatch(name -> isGiven(name, args))) {
                given.add(option.longestName());
            }
        }
        return given.isEmpty() ? null : String.join(", ", given) + " goes with " + needed.shortestName();
    }

    private static boolean isGiven(String name, String[] args) {
        return Arrays.stream(args).anyMatch(a -> a.equals(name) || a.startsWith(name + "="));
    }

    /** "[-l | -p]" from "... [-l | -p]={--load-panic} and [-l | -p]={--load-panic}": the group matched again. */
    private static String repeatedGroup(String message) {
        int and = message.lastIndexOf(" and [");
        int end = and < 0 ? -1 : message.indexOf("]={", and);
        return end < 0 ? null : message.substring(and + " and ".length(), end + 1);
    }
}
