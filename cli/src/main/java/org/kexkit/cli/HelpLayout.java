package org.kexkit.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * How kexkit's --help is laid out: descriptions wrap at the terminal's width, while a command's
 * own synopsis lines and its footer (examples, exit status) are printed as written, so that no
 * example is ever split in the middle of a command someone may copy. Long examples are broken
 * with a shell line continuation in the text itself.
 */
final class HelpLayout {
    private HelpLayout() {
    }

    /** Applies the layout to {@code command} and the subcommands it has now. */
    static void apply(CommandLine command) {
        // the width is asked for (stty) only when help is printed, not at start-up
        command.setUsageHelpAutoWidth(true);
        Map<String, IHelpSectionRenderer> sections = new LinkedHashMap<>(command.getHelpSectionMap());
        sections.put(UsageMessageSpec.SECTION_KEY_SYNOPSIS, HelpLayout::synopsis);
        sections.put(UsageMessageSpec.SECTION_KEY_FOOTER, help -> verbatim(help.commandSpec().usageMessage().footer()));
        command.setHelpSectionMap(sections);
    }

    private static String synopsis(Help help) {
        String[] custom = help.commandSpec().usageMessage().customSynopsis();
        return custom.length == 0 ? help.synopsis(help.synopsisHeadingLength()) : verbatim(custom);
    }

    private static String verbatim(String[] lines) {
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(line).append(System.lineSeparator());
        }
        return out.toString();
    }
}
