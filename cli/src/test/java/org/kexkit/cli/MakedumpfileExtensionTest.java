package org.kexkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.dump.extension.TestJars;
import org.kexkit.dump.filter.TrainingVmcore;

/** --extension end to end on the synthetic kernel's vmcore: votes in the statistics, skip lines, bad jars. */
class MakedumpfileExtensionTest {
    /** Keeps pfn 34 (an anonymous page) and drops pfn 41 (a page the dump level keeps). */
    private static final String VOTER = """
            package sample;
            import java.nio.ByteBuffer;
            import org.kexkit.extension.*;
            public final class Voter implements Extension, PageVoter {
                public String name() { return "voter"; }
                public int apiVersion() { return ExtensionApi.VERSION; }
                public Vote vote(long pfn, ByteBuffer page) {
                    return pfn == 34 ? Vote.KEEP : pfn == 41 ? Vote.DROP : Vote.NO_OPINION;
                }
            }
            """;
    private static final String NEEDY = """
            package sample;
            import org.kexkit.extension.*;
            public final class Needy implements Extension, PageVoter {
                public String name() { return "needy"; }
                public int apiVersion() { return ExtensionApi.VERSION; }
                public Needs needs() { return Needs.builder().symbol("init_task").member("task_struct", "comm").build(); }
                public Vote vote(long pfn, java.nio.ByteBuffer page) { return Vote.DROP; }
            }
            """;

    /** Drops the pfn given as its argument "pfn" (API version 2). */
    static final String ARGUED = """
            package sample;
            import java.nio.ByteBuffer;
            import java.util.Map;
            import org.kexkit.extension.*;
            public final class Argued implements Extension, PageVoter {
                private long drop = -1;
                public String name() { return "argued"; }
                public int apiVersion() { return ExtensionApi.VERSION; }
                public Map<String, String> arguments() { return Map.of("pfn", "the pfn to drop"); }
                public void start(ExtensionContext c) throws ExtensionException {
                    drop = Long.parseLong(c.argument("pfn").orElseThrow(() -> new ExtensionException("no pfn given")));
                }
                public Vote vote(long pfn, ByteBuffer page) { return pfn == drop ? Vote.DROP : Vote.NO_OPINION; }
            }
            """;

    @TempDir
    Path dir;
    Path vmcore;
    CliEnvironment environment;

    @BeforeEach
    void writeVmcore() throws Exception {
        TrainingVmcore.main(new String[] {dir.toString()});
        vmcore = dir.resolve("vmcore");
        environment = new FakeKernel().environment(dir);
    }

    private Path jar(String name, String className, String source) throws Exception {
        return TestJars.build(dir, name, Map.of(className, source), List.of(className));
    }

    @Test
    void votesShowInTheStatisticsAndJson() throws Exception {
        CliRun plain = CliRun.of(environment, "makedumpfile", "-d", "31", "--json", vmcore.toString(),
                dir.resolve("plain").toString());
        assertEquals(0, plain.exitCode(), plain.err());
        assertTrue(plain.out().contains("\"user\":1"), plain.out());
        Path voter = jar("voter.jar", "sample.Voter", VOTER);
        Path needy = jar("needy.jar", "sample.Needy", NEEDY);
        CliRun run = CliRun.of(environment, "makedumpfile", "-d", "31", "--json", "--extension", voter.toString(),
                "--extension", needy.toString(), vmcore.toString(), dir.resolve("dump").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("\"user\":0"), run.out());
        assertTrue(run.out().contains("\"extension\":1"), run.out());
        // the synthetic kernel has no BTF: the line says why after the missing needs
        assertTrue(run.err().startsWith("kexkit: warning: extension needy (" + needy + ") skipped: the dump's kernel has no"
                + " symbol init_task, member task_struct.comm (no BTF for the vmcore's kernel: "), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        // text statistics: the row makedumpfile prints
        CliRun text = CliRun.of(environment, "makedumpfile", "-d", "0", "--show-stats", "--extension", voter.toString(),
                vmcore.toString(), dir.resolve("text").toString());
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("Extension filter pages  : 0x0000000000000001"), text.out());
    }

    @Test
    void anExtensionGetsItsArgumentsAndABadOneIsOneLine() throws Exception {
        Path argued = jar("argued.jar", "sample.Argued", ARGUED);
        CliRun run = CliRun.of(environment, "makedumpfile", "-d", "0", "--json", "--extension", argued.toString(),
                "--extension-arg", "argued.pfn=41", vmcore.toString(), dir.resolve("dump").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("\"extension\":1"), run.out());
        assertEquals("", run.err());
        CliRun none = CliRun.of(environment, "makedumpfile", "-d", "0", "--json", "--extension", argued.toString(),
                vmcore.toString(), dir.resolve("none").toString());
        assertEquals(0, none.exitCode(), none.err());
        assertEquals("kexkit: warning: extension argued (" + argued + ") skipped: no pfn given", none.err().strip());

        Path out = dir.resolve("bad");
        CliRun unknown = CliRun.of(environment, "makedumpfile", "-l", "--extension", argued.toString(), "--extension-arg",
                "other.pfn=1", vmcore.toString(), out.toString());
        assertEquals(1, unknown.exitCode());
        assertEquals("kexkit: extension argument other.pfn=1: no extension named other (the jars hold argued)",
                unknown.err().strip());
        CliRun key = CliRun.of(environment, "makedumpfile", "-l", "--extension", argued.toString(), "--extension-arg",
                "argued.page=1", vmcore.toString(), out.toString());
        assertEquals(1, key.exitCode());
        assertEquals("kexkit: extension argument argued.page=1: argued (" + argued + ") takes only pfn", key.err().strip());
        CliRun twice = CliRun.of(environment, "makedumpfile", "-l", "--extension", argued.toString(), "--extension-arg",
                "argued.pfn=1", "--extension-arg", "argued.pfn=2", vmcore.toString(), out.toString());
        assertEquals(1, twice.exitCode());
        assertEquals("kexkit: extension argument argued.pfn given twice", twice.err().strip());
        CliRun form = CliRun.of(environment, "makedumpfile", "-l", "--extension", argued.toString(), "--extension-arg",
                "pfn=1", vmcore.toString(), out.toString());
        assertEquals(2, form.exitCode());
        assertTrue(form.err().startsWith("kexkit: --extension-arg: 'pfn=1' is not an extension argument NAME.KEY=VALUE"),
                form.err());
        CliRun alone = CliRun.of(environment, "makedumpfile", "-l", "--extension-arg", "argued.pfn=1", vmcore.toString(),
                out.toString());
        assertEquals(2, alone.exitCode());
        assertTrue(Files.notExists(out));
    }

    @Test
    void aBadJarIsOneLineAndNothingIsWritten() throws Exception {
        Path text = Files.writeString(dir.resolve("text.jar"), "not a zip");
        Path out = dir.resolve("dump");
        CliRun run = CliRun.of(environment, "makedumpfile", "-l", "--extension", text.toString(), vmcore.toString(),
                out.toString());
        assertEquals(1, run.exitCode());
        assertEquals("kexkit: " + text + ": not a jar: zip END header not found", run.err().strip());
        assertTrue(Files.notExists(out));
    }
}
