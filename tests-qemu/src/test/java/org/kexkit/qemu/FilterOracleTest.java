package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kexkit.cli.CliEnvironment;
import org.kexkit.cli.Main;
import org.kexkit.dump.filter.VmcorePageClasses;
import org.kexkit.dump.kdump.ElfVmcore;
import org.kexkit.dump.kdump.KdumpReader;

/**
 * kexkit's page classes against makedumpfile 1.7.8 on real vmcores: the 2nd bitmaps (dumped pfns)
 * of both dumps at each level. On 6.1 they must be equal for -d 1, 2, 4, 8, 16, 31; on 7.2 for
 * -d 1, 2, 4, 16, while at -d 8 and 31 kexkit must keep at least what makedumpfile keeps (it keeps
 * pages whose struct page only looks anonymous; see the report's "uncertain" count). Differences
 * are printed with the struct page fields of the first differing pfns. Both write LZO (fast);
 * makedumpfile runs with --work-dir in the sid root, as in KdumpOracleTest.
 */
class FilterOracleTest {
    private static final long TIMEOUT = 300;
    private static final int SHOWN = 8;

    @Test
    void linux61DumpsTheSamePfnsAsMakedumpfile() throws Exception {
        compare("6.1", new int[] {1, 2, 4, 8, 16, 31}, new int[] {});
    }

    @Test
    void linux72DumpsTheSamePfnsOrMore() throws Exception {
        compare("7.2", new int[] {1, 2, 4, 16}, new int[] {8, 31});
    }

    private void compare(String label, int[] equal, int[] superset) throws Exception {
        Path repo = Path.of(System.getProperty("kexkit.repo", "..")).toAbsolutePath().normalize();
        SavedVmcores.Saved saved = SavedVmcores.ensure(label, repo);
        SidRoot sid = saved.sid();
        Path work = sid.workDir("filter-oracle-" + label);
        List<String> failures = new ArrayList<>();
        for (int[] levels : new int[][] {equal, superset}) {
            for (int level : levels) {
                BitSet ours = kexkitDump(saved.vmcore(), work.resolve("kexkit-d" + level), level);
                BitSet theirs = makedumpfile(sid, saved.vmcore(), work.resolve("makedumpfile-d" + level), work, level);
                BitSet onlyOurs = (BitSet) ours.clone();
                onlyOurs.andNot(theirs);
                BitSet onlyTheirs = (BitSet) theirs.clone();
                onlyTheirs.andNot(ours);
                System.out.printf("%s -d %d: kexkit dumps %d pfns, makedumpfile %d; only kexkit %d, only makedumpfile %d%n",
                        label, level, ours.cardinality(), theirs.cardinality(), onlyOurs.cardinality(),
                        onlyTheirs.cardinality());
                boolean mustBeEqual = levels == equal;
                if (!onlyTheirs.isEmpty() || (mustBeEqual && !onlyOurs.isEmpty())) {
                    failures.add(label + " -d " + level + ": only kexkit " + onlyOurs.cardinality() + ", only makedumpfile "
                            + onlyTheirs.cardinality());
                }
                show(saved.vmcore(), "only kexkit", onlyOurs);
                show(saved.vmcore(), "only makedumpfile", onlyTheirs);
                Files.deleteIfExists(work.resolve("kexkit-d" + level)); // about 1 GB per level otherwise
                Files.deleteIfExists(work.resolve("makedumpfile-d" + level));
            }
        }
        timeLevel31(saved, sid, work);
        assertTrue(failures.isEmpty(), String.join("; ", failures));
    }

    private static BitSet kexkitDump(Path vmcore, Path out, int level) throws Exception {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.run(CliEnvironment.live(), new PrintWriter(o), new PrintWriter(e), "makedumpfile", "-l", "-d",
                String.valueOf(level), "--message-level", "23", "-f", vmcore.toString(), out.toString());
        assertEquals(0, code, "kexkit makedumpfile -d " + level + ": " + e);
        if (!e.toString().isBlank()) {
            System.out.print(e);
        }
        if (level == 31) {
            System.out.print(o);
        }
        return dumped(out);
    }

    private static BitSet makedumpfile(SidRoot sid, Path vmcore, Path out, Path work, int level) throws Exception {
        Files.deleteIfExists(out);
        Command.Result r = sid.run(TIMEOUT, "makedumpfile", "-l", "-d", String.valueOf(level), "--work-dir",
                sid.inside(work), "--message-level", level == 31 ? "23" : "4", sid.inside(vmcore), sid.inside(out));
        assertEquals(0, r.exitCode(), "makedumpfile -d " + level + ": " + r.stderr());
        if (level == 31) {
            System.out.print(r.stdout());
        }
        return dumped(out);
    }

    private static BitSet dumped(Path dump) throws Exception {
        BitSet set = new BitSet();
        try (KdumpReader reader = KdumpReader.open(dump)) {
            for (long pfn = 0; pfn < reader.maxMapnr(); pfn++) {
                if (reader.dumped(pfn)) {
                    set.set((int) pfn);
                }
            }
        }
        return set;
    }

    private static void show(Path vmcore, String what, BitSet pfns) throws Exception {
        if (pfns.isEmpty()) {
            return;
        }
        long[] first = pfns.stream().limit(SHOWN).mapToLong(i -> i).toArray();
        try (ElfVmcore v = ElfVmcore.open(vmcore)) {
            for (String line : VmcorePageClasses.describe(v, first)) {
                System.out.println("  " + what + ": " + line);
            }
        }
    }

    /** The -d 31 -z timing both tools would see in a capture kernel (theirs in the sid root). */
    private static void timeLevel31(SavedVmcores.Saved saved, SidRoot sid, Path work) throws Exception {
        Path ours = work.resolve("kexkit-z31");
        long start = System.nanoTime();
        int code = Main.run(CliEnvironment.live(), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                "makedumpfile", "-z", "-d", "31", "-f", saved.vmcore().toString(), ours.toString());
        double kexkit = (System.nanoTime() - start) / 1e9;
        assertEquals(0, code);
        Path theirs = work.resolve("makedumpfile-z31");
        Files.deleteIfExists(theirs);
        start = System.nanoTime();
        Command.Result r = sid.run(TIMEOUT, "makedumpfile", "-z", "-d", "31", "--work-dir", sid.inside(work),
                "--message-level", "4", sid.inside(saved.vmcore()), sid.inside(theirs));
        double mdf = (System.nanoTime() - start) / 1e9;
        assertEquals(0, r.exitCode(), r.stderr());
        System.out.printf("%s -d 31 -z: kexkit %.2f s (%d bytes), makedumpfile 1.7.8 %.2f s (%d bytes)%n",
                saved.kernel().release(), kexkit, Files.size(ours), mdf, Files.size(theirs));
        Files.delete(ours);
        Files.delete(theirs);
    }
}
