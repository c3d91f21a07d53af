package org.kexkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** --help of every command: examples and usage forms are never split, descriptions wrap at the width. */
class HelpLayoutTest {
    /** Every command line of the tree, the root first. */
    private static List<CommandLine> all(CommandLine command) {
        List<CommandLine> out = new ArrayList<>(List.of(command));
        command.getSubcommands().values().forEach(c -> out.addAll(all(c)));
        return out;
    }

    private static String help(CommandLine command, int width) {
        command.setUsageHelpAutoWidth(false);
        command.setUsageHelpWidth(width);
        StringWriter out = new StringWriter();
        command.usage(new PrintWriter(out), CommandLine.Help.Ansi.OFF);
        return out.toString();
    }

    @Test
    void examplesAndUsageFormsArePrintedAsWritten() {
        CommandLine root = Main.commandLine(new FakeKernel().environment(Path.of("/nonexistent")));
        int checked = 0;
        for (CommandLine command : all(root)) {
            for (int width : new int[] {55, 80, 200}) {
                List<String> lines = Arrays.asList(help(command, width).split("\n"));
                var usage = command.getCommandSpec().usageMessage();
                List<String> verbatim = new ArrayList<>(Arrays.asList(usage.footer()));
                verbatim.addAll(Arrays.asList(usage.customSynopsis()).subList(Math.min(1, usage.customSynopsis().length),
                        usage.customSynopsis().length));
                for (String line : verbatim) {
                    assertTrue(lines.contains(line), command.getCommandName() + " at " + width + " columns splits \""
                            + line + "\":\n" + String.join("\n", lines));
                    checked++;
                }
                if (usage.customSynopsis().length > 0) {
                    assertEquals("Usage: " + usage.customSynopsis()[0], lines.get(0));
                }
            }
        }
        assertTrue(checked > 30, "footer and synopsis lines checked: " + checked);
    }

    @Test
    void kexecExamplesAreWholeCommandsAndDescriptionsWrapAtTheWidth() {
        CommandLine root = Main.commandLine(new FakeKernel().environment(Path.of("/nonexistent")));
        CommandLine kexec = root.getSubcommands().get("kexec");
        String narrow = help(kexec, 60);
        assertTrue(narrow.contains("\n      --reuse-cmdline --append='irqpoll nr_cpus=1'\n"), narrow);
        assertTrue(narrow.contains("\n      --append='irqpoll nr_cpus=1' --dry-run\n"), narrow);
        int footer = narrow.indexOf("\nExamples:\n");
        for (String line : narrow.substring(0, footer).split("\n")) {
            assertTrue(line.length() <= 60, "wider than 60: " + line);
        }
        String wide = help(kexec, 160);
        assertTrue(wide.contains("\nLoads use kexec_file_load (-s, the default): the running kernel reads, verifies and"
                + " places the image. With -c (kexec_load)"), wide);
    }

    @Test
    void helpIsTheUsualExit() {
        CliRun run = CliRun.of(new FakeKernel().environment(Path.of("/nonexistent")), "kexec", "--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().startsWith("Usage: kexkit kexec (-l | -p) [-s | -c] [OPTIONS] KERNEL\n"
                + "       kexkit kexec [-p] -u\n"), run.out());
    }
}
