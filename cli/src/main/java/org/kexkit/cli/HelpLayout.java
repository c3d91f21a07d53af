package org.kexkit.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine;

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
        sections.put(UsageMessageSpec.SECTION_KEY_SYNOPSIS, Verbatim.SYNOPSIS);
        sections.put(UsageMessageSpec.SECTION_KEY_FOOTER, Verbatim.FOOTER);
        command.setHelpSectionMap(sections);
    }

    /** The two sections printed as written (constants, not lambdas: nothing is spun up at start-up). */
    private enum Verbatim implements IHelpSectionRenderer {
        /** A command's own synopsis lines; picocli's generated synopsis otherwise. */
        SYNOPSIS,
        /** Examples and short notes. */
        FOOTER;

        @Override
        public String render(Help help) {
            UsageMessageSpec usage = help.commandSpec().usageMessage();
            if (this == FOOTER) {
                return lines(usage.footer());
            }
            return usage.customSynopsis().length == 0 ? help.synopsis(help.synopsisHeadingLength())
                    : lines(usage.customSynopsis());
        }

        private static String lines(String[] lines) {
            StringBuilder out = new StringBuilder();
            for (String line : lines) {
                out.append(line).append(System.lineSeparator());
            }
            return out.toString();
        }
    }
}
