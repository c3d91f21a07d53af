package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
import org.kexkit.qemu.run.HostCommand;

/**
 * SIGKILL during a real dump: kexkit's makedumpfile (-l, and -E) runs in a JVM of its own on the
 * saved real 7.2 vmcore at -d 31 and is killed with SIGKILL at KILLS random moments of its writing
 * (timed from the partial file's appearance: its first write).
 * What it leaves (the partial file: the dump is renamed into place only when complete) must say
 * it is incomplete (kdump header status DUMP_DH_COMPRESSED_INCOMPLETE; ELF e_flags
 * DUMP_ELF_INCOMPLETE), open in drgn (set_core_dump, an independent reader; crash, the other one,
 * on the file that holds the most pages), and every page
 * kexkit's reader finds present in it must equal that page of the vmcore byte for byte. EARLY_KILLS
 * more fall before the first write (the JVM's start, the -d 31 counts, -E's zero-page pass): the
 * partial file is created by its first write, so such a kill must leave no file at all. A kill
 * after the last write (which clears the mark once everything is synced) and before the rename
 * leaves a file that says complete, and it must then hold every page the whole dump holds.
 */
@Tag("qemu")
class SigkillOracleTest {
    private static final int KILLS = 10;
    private static final int EARLY_KILLS = 2;
    /** drgn opens a dump (set_core_dump) and prints "opened"; also the OOM-killed capture's check. */
    static final String DRGN_OPENS = """
            import drgn, sys
            p = drgn.Program()
            p.set_core_dump(sys.argv[1])
            print("opened")
            """;

    @ParameterizedTest(name = "makedumpfile {0} -d 31 killed at " + KILLS + " random moments, and " + EARLY_KILLS
            + " before its first write")
    @ValueSource(strings = {"-l", "-E"})
    void aKilledDumpSaysIncompleteAndItsPagesAreTheVmcores(String format) throws Exception {
        MakedumpfileOracle oracle = MakedumpfileOracle.open("7.2", "sigkill" + format, 300);
        Path vmcore = oracle.vmcore();
        Path out = oracle.work.resolve("dump");
        Path partial = SafeOutputFile.partialPath(out);

        Timing whole = runToEnd(format, vmcore, out, partial);
        long wholePages = check(format, out, vmcore);
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<String> seen = new ArrayList<>();
        Path most = oracle.work.resolve("killed-most");
        long mostPresent = -1;
        for (int i = 0; i < KILLS + EARLY_KILLS; i++) {
            Files.deleteIfExists(out);
            Files.deleteIfExists(partial);
            long started = System.nanoTime();
            Process p = start(format, vmcore, out);
            long at;
            if (i < KILLS) {
                // a moment of the writing, timed from the file's appearance (its first write)
                long appeared = waitFor(partial, p);
                at = (long) (random.nextDouble() * whole.writing());
                Thread.sleep(Math.max(0, at - (System.nanoTime() - appeared) / 1_000_000));
            } else {
                // a moment before the first write (the JVM's start, the -d 31 counts, -E's zero-page pass)
                at = (long) (random.nextDouble() * whole.beforeFirstWrite() * 0.8);
                Thread.sleep(Math.max(0, at - (System.nanoTime() - started) / 1_000_000));
            }
            p.destroyForcibly(); // SIGKILL
            p.waitFor(60, TimeUnit.SECONDS);
            String when = i < KILLS ? at + " ms" : at + " ms from the start";
            if (Files.exists(out)) {
                seen.add(when + ": finished before the kill");
                continue;
            }
            if (!Files.exists(partial)) {
                // killed before the first write: the file is created by it, so nothing is left that could
                // pass for a dump
                try (var left = Files.list(oracle.work)) {
                    assertTrue(left.noneMatch(f -> f.getFileName().toString().endsWith(".kexkit-partial")), "no partial file");
                }
                seen.add(when + ": no file, before the first write");
                continue;
            }
            if (Files.size(partial) == 0) {
                // killed inside the first write, between the exclusive create and its bytes (microseconds):
                // nothing that could pass for a dump, and kexkit's reader says so in one line
                assertThrows(FormatException.class, () -> VmcoreSources.open(partial).close());
                seen.add(when + ": empty, inside the first write");
                continue;
            }
            if (format.equals("-l") && bitmapsNotWritten(partial)) {
                // killed after the header (incomplete flag set) and before the bitmaps: no page can be
                // located, and kexkit's reader says so in one line
                seen.add(when + ": header only, before the bitmaps");
                continue;
            }
            long present = check(format, partial, vmcore);
            if (!saysIncomplete(format, partial)) {
                // killed after the last write cleared the mark (everything synced first) and before the rename:
                // a whole dump under its temporary name, which it must then truly be
                assertEquals(wholePages, present, partial + " says complete but holds fewer pages than the whole dump");
                seen.add(when + ": complete, before the rename");
                continue;
            }
            String drgn = oracle.mustRun("python3", "-c", DRGN_OPENS, oracle.sid.inside(partial)).stdout();
            assertEquals("opened", drgn.strip(), "drgn opens the killed dump");
            seen.add(when + ": " + present + " pages present");
            if (present > mostPresent) {
                mostPresent = present;
                Files.copy(partial, most, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (mostPresent >= 0) {
            seen.add("crash: " + crashReads(oracle, most));
        }
        System.out.printf("SIGKILL of makedumpfile %s -d 31 (%d ms to the first write, then %d ms of writing; seed %d):"
                + " %s%n", format, whole.beforeFirstWrite(), whole.writing(), seed, seen);
        Files.deleteIfExists(partial);
        Files.deleteIfExists(out);
        Files.deleteIfExists(most);
    }

    /**
     * crash on the killed file that holds the most pages: it must take the file for what it is (its
     * header says incomplete, and crash warns so), and a session either starts, printing the
     * release, or stops at a read of a page the file does not hold yet (a -d 31 dump is written in
     * pfn order, and the page tables crash starts from lie at the top of RAM), never at the format.
     */
    private static String crashReads(MakedumpfileOracle oracle, Path killed) {
        CrashCheck.Partial crash = new CrashCheck(oracle.sid).partial(killed, oracle.saved.kernel().debugVmlinux());
        assertTrue(crash.output().contains("This dumpfile is incomplete"), "crash says the killed dump is incomplete: "
                + crash.output());
        if (crash.started()) {
            assertTrue(crash.output().contains(oracle.saved.kernel().release()), "crash prints the release: " + crash.output());
            return "session started";
        }
        // crash's words for it: "page incomplete" where a kdump descriptor is still empty, "read error" past an ELF file's end
        assertTrue(crash.notInFile(), "crash stops only at a page not written yet: " + HostCommand.lastLines(crash.output(), 6));
        return "stops at a page not written yet (" + crash.reason() + ")";
    }

    /** A whole dump's milliseconds from the process's start to its first write, and from there to its end. */
    private record Timing(long beforeFirstWrite, long writing) {
    }

    /**
     * A kdump file whose header says incomplete and whose bitmaps were never written (the file ends
     * before them, or the 1st is still empty): refused in one line that says it is marked incomplete.
     * A header that says complete is not this case (the caller checks that file as a whole dump).
     */
    private static boolean bitmapsNotWritten(Path dump) throws Exception {
        byte[] head = new byte[DiskDumpHeader.SIZE];
        try (InputStream in = Files.newInputStream(dump)) {
            if (in.readNBytes(head, 0, head.length) < head.length) {
                return false;
            }
        }
        if (!DiskDumpHeader.read(ByteCursor.of(head, dump.toString(), 0)).incomplete()) {
            // the last write cleared the mark and the kill came before the rename: a whole dump, checked as one
            return false;
        }
        try {
            VmcoreSources.open(dump).close();
            return false;
        } catch (FormatException e) {
            assertTrue(e.getMessage().contains("marked incomplete"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line");
            return true;
        }
    }

    /** Runs a whole dump and times it. */
    private static Timing runToEnd(String format, Path vmcore, Path out, Path partial) throws Exception {
        Files.deleteIfExists(out);
        long started = System.nanoTime();
        Process p = start(format, vmcore, out);
        long appeared = waitFor(partial, p);
        assertEquals(0, p.waitFor(), "the whole dump");
        long end = System.nanoTime();
        return new Timing((appeared - started) / 1_000_000, (end - appeared) / 1_000_000);
    }

    private static Process start(String format, Path vmcore, Path out) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "org.kexkit.cli.Main", "makedumpfile", format, "-d", "31",
                vmcore.toString(), out.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** Waits until {@code file} exists: the moment the dump's first write made it. */
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
