package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kexkit.bin.ByteCursor;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.elf.ElfDumpWriter;
import org.kexkit.dump.input.VmcoreSources;
import org.kexkit.dump.io.SafeOutputFile;
import org.kexkit.dump.kdump.DiskDumpHeader;
import org.kexkit.dump.kdump.KdumpReader;
import org.kexkit.elfcore.ElfCoreReader;

/**
 * SIGKILL during a real dump: kexkit's makedumpfile (-l, and -E) runs in a JVM of its own on the
 * saved real 7.2 vmcore at -d 31 and is killed with SIGKILL at KILLS random moments of its run.
 * What it leaves (the partial file: the dump is renamed into place only when complete) must say
 * it is incomplete (kdump header status DUMP_DH_COMPRESSED_INCOMPLETE; ELF e_flags
 * DUMP_ELF_INCOMPLETE), open in drgn (set_core_dump, an independent reader), and every page
 * kexkit's reader finds present in it must equal that page of the vmcore byte for byte. A kill
 * before the first write leaves an empty file, which no reader takes for a dump; a kill after the
 * last write (which clears the mark once everything is synced) and before the rename leaves a
 * file that says complete, and it must then hold every page the whole dump holds.
 */
@Tag("qemu")
class SigkillOracleTest {
    private static final int KILLS = 10;
    private static final String DRGN_OPENS = """
            import drgn, sys
            p = drgn.Program()
            p.set_core_dump(sys.argv[1])
            print("opened")
            """;

    @ParameterizedTest(name = "makedumpfile {0} -d 31 killed at " + KILLS + " random moments")
    @ValueSource(strings = {"-l", "-E"})
    void aKilledDumpSaysIncompleteAndItsPagesAreTheVmcores(String format) throws Exception {
        MakedumpfileOracle oracle = MakedumpfileOracle.open("7.2", "sigkill" + format, 300);
        Path vmcore = oracle.vmcore();
        Path out = oracle.work.resolve("dump");
        Path partial = SafeOutputFile.partialPath(out);

        long whole = runToEnd(format, vmcore, out, partial);
        long wholePages = check(format, out, vmcore);
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < KILLS; i++) {
            Files.deleteIfExists(out);
            Files.deleteIfExists(partial);
            Process p = start(format, vmcore, out);
            long appeared = waitFor(partial, p);
            long at = (long) (random.nextDouble() * whole);
            Thread.sleep(Math.max(0, at - (System.nanoTime() - appeared) / 1_000_000));
            p.destroyForcibly(); // SIGKILL
            p.waitFor(60, TimeUnit.SECONDS);
            if (Files.exists(out)) {
                seen.add(at + " ms: finished before the kill");
                continue;
            }
            assertTrue(Files.exists(partial), "the partial dump is left");
            if (Files.size(partial) == 0) {
                // killed between creating the file and its first write (the -d 31 counts, -E's zero-page
                // pass): nothing that could pass for a dump, and kexkit's reader says so in one line
                assertThrows(FormatException.class, () -> VmcoreSources.open(partial).close());
                seen.add(at + " ms: empty, before the first write");
                continue;
            }
            if (format.equals("-l") && bitmapsNotWritten(partial)) {
                // killed after the header (incomplete flag set) and before the bitmaps: no page can be
                // located, and kexkit's reader says so in one line
                seen.add(at + " ms: header only, before the bitmaps");
                continue;
            }
            long present = check(format, partial, vmcore);
            if (!saysIncomplete(format, partial)) {
                // killed after the last write cleared the mark (everything synced first) and before the rename:
                // a whole dump under its temporary name, which it must then truly be
                assertEquals(wholePages, present, partial + " says complete but holds fewer pages than the whole dump");
                seen.add(at + " ms: complete, before the rename");
                continue;
            }
            String drgn = oracle.mustRun("python3", "-c", DRGN_OPENS, oracle.sid.inside(partial)).stdout();
            assertEquals("opened", drgn.strip(), "drgn opens the killed dump");
            seen.add(at + " ms: " + present + " pages present");
        }
        System.out.printf("SIGKILL of makedumpfile %s -d 31 (whole dump %d ms, seed %d): %s%n", format, whole, seed,
                seen);
        Files.deleteIfExists(partial);
        Files.deleteIfExists(out);
    }

    /**
     * A kdump file whose header says incomplete and whose bitmaps were never written (the file ends
     * before them, or the 1st is still empty): refused in one line that says it is marked incomplete.
     */
    private static boolean bitmapsNotWritten(Path dump) throws Exception {
        byte[] head = new byte[DiskDumpHeader.SIZE];
        try (InputStream in = Files.newInputStream(dump)) {
            if (in.readNBytes(head, 0, head.length) < head.length) {
                return false;
            }
        }
        assertTrue(DiskDumpHeader.read(ByteCursor.of(head, dump.toString(), 0)).incomplete(),
                dump + ": the header's incomplete flag");
        try {
            VmcoreSources.open(dump).close();
            return false;
        } catch (FormatException e) {
            assertTrue(e.getMessage().contains("marked incomplete"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line");
            return true;
        }
    }

    /** The milliseconds from the partial file's creation to the end of a whole dump. */
    private static long runToEnd(String format, Path vmcore, Path out, Path partial) throws Exception {
        Files.deleteIfExists(out);
        Process p = start(format, vmcore, out);
        long appeared = waitFor(partial, p);
        assertEquals(0, p.waitFor(), "the whole dump");
        return (System.nanoTime() - appeared) / 1_000_000;
    }

    private static Process start(String format, Path vmcore, Path out) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "org.kexkit.cli.Main", "makedumpfile", format, "-d", "31",
                vmcore.toString(), out.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** Waits until {@code file} exists: the moment the dump began writing. */
    private static long waitFor(Path file, Process p) throws Exception {
        while (!Files.exists(file) && p.isAlive()) {
            Thread.sleep(5);
        }
        return System.nanoTime();
    }

    /**
     * Each page kexkit's reader holds in the dump equals the vmcore's; returns how many pages it holds. A finished
     * dump must not say incomplete.
     */
    private static long check(String format, Path dump, Path vmcore) throws Exception {
        if (!dump.getFileName().toString().startsWith(".")) {
            assertFalse(saysIncomplete(format, dump), dump + ": a finished dump marked incomplete");
        }
        return DumpPages.presentMatch(dump, vmcore);
    }

    /** The kdump header's status DUMP_DH_COMPRESSED_INCOMPLETE, or ELF e_flags DUMP_ELF_INCOMPLETE. */
    private static boolean saysIncomplete(String format, Path dump) throws Exception {
        if (format.equals("-l")) {
            try (KdumpReader reader = KdumpReader.open(dump)) {
                return reader.header().incomplete();
            }
        }
        return (ElfCoreReader.read(dump).header().flags() & ElfDumpWriter.DUMP_ELF_INCOMPLETE) != 0;
    }
}
