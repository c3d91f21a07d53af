package org.kexkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Only the commands a command line names are made; help and unknown words see their whole level. */
class CommandBuilderTest {
    private final CommandBuilder builder = new CommandBuilder(new FakeKernel().environment(Path.of("/nonexistent")));

    private static List<String> names(CommandLine command) {
        return List.copyOf(command.getSubcommands().keySet());
    }

    @Test
    void versionMakesTheRootAlone() {
        assertEquals(List.of(), names(builder.forArgs("--version")));
        assertEquals(List.of(), names(builder.forArgs("--verbose", "-V")));
    }

    @Test
    void aCommandMakesItsBranchOnly() {
        CommandLine root = builder.forArgs("--verbose", "vmcore", "info", "/proc/vmcore");
        assertEquals(List.of("vmcore"), names(root));
        assertEquals(List.of("info"), names(root.getSubcommands().get("vmcore")));
        assertEquals(List.of("makedumpfile"), names(builder.forArgs("makedumpfile", "-d", "31", "a", "b")));
    }

    @Test
    void helpAndUnknownWordsSeeTheirLevel() {
        List<String> all = List.of("kexec", "vmcore", "elfcore", "makedumpfile", "kho", "luo", "pmem", "kdump", "qemu-test");
        assertEquals(all, names(builder.forArgs("--help")));
        assertEquals(all, names(builder.forArgs("vmcor")));
        assertEquals(all, names(builder.forArgs("--help", "vmcore")));
        assertEquals(List.of("status", "show", "check", "versions"), names(builder.forArgs("kho", "bogus").getSubcommands().get("kho")));
        assertEquals(all, names(builder.forArgs("@args")));
    }

    @Test
    void theWholeTreeMatchesTheNamesPicocliShows() {
        CommandLine root = builder.whole();
        assertEquals("kexkit", root.getCommandName());
        for (CommandTree node : CommandTree.ROOT.subcommands()) {
            CommandLine c = root.getSubcommands().get(node.name());
            assertEquals(node.name(), c.getCommandName());
            assertEquals(node.subcommands().stream().map(CommandTree::name).toList(), names(c));
        }
    }
}
