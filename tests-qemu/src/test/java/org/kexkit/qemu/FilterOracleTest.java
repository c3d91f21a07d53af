package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kexkit.qemu.MakedumpfileOracle.dumped;
import static org.kexkit.qemu.MakedumpfileOracle.kexkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kexkit.dump.elf.ElfVmcore;
import org.kexkit.dump.filter.VmcoreClassifier;
import org.kexkit.qemu.run.HostCommand;

/**
 * kexkit's page classes against makedumpfile 1.7.8 on real vmcores: the 2nd bitmaps (dumped pfns)
 * of both dumps at each level. On 6.1 they must be equal for -d 1, 2, 4, 8, 16, 31; on 7.2 for
 * -d 1, 2, 4, 16, while at -d 8 and 31 kexkit must keep at least what makedumpfile keeps (it keeps
 * pages whose struct page only looks anonymous; see the report's "uncertain" count). Differences
 * are printed with the struct page fields of the first differing pfns. Both write LZO (fast);
 * makedumpfile runs in the sid root through MakedumpfileOracle.
 */
@Tag("qemu")
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
        MakedumpfileOracle oracle = MakedumpfileOracle.open(label, "filter-oracle-" + label, TIMEOUT);
        SavedVmcores.Saved saved = oracle.saved;
        Path work = oracle.work;
        List<String> failures = new ArrayList<>();
        for (int[] levels : new int[][] {equal, superset}) {
            for (int level : levels) {
                BitSet ours = kexkitDump(saved.vmcore(), work.resolve("kexkit-d" + level), level);
                BitSet theirs = makedumpfile(oracle, work.resolve("makedumpfile-d" + level), level);
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
        timeLevel31(oracle);
        assertTrue(failures.isEmpty(), String.join("; ", failures));
    }

    private static BitSet kexkitDump(Path vmcore, Path out, int level) throws Exception {
        MakedumpfileOracle.KexkitRun run = kexkit("makedumpfile", "-l", "-d", String.valueOf(level), "--message-level",
                "23", "-f", vmcore.toString(), out.toString());
        if (!run.err().isBlank()) {
            System.out.print(run.err());
        }
        if (level == 31) {
            System.out.print(run.out());
        }
        return dumped(out);
    }

    private static BitSet makedumpfile(MakedumpfileOracle oracle, Path out, int level) throws Exception {
        HostCommand.Result r = oracle.makedumpfile(oracle.vmcore(), out, "-l", "-d", String.valueOf(level), "--message-level",
                level == 31 ? "23" : "4");
        if (level == 31) {
            System.out.print(r.stdout());
        }
        return dumped(out);
    }

    private static void show(Path vmcore, String what, BitSet pfns) throws Exception {
        if (pfns.isEmpty()) {
            return;
        }
        long[] first = pfns.stream().limit(SHOWN).mapToLong(i -> i).toArray();
        try (ElfVmcore v = ElfVmcore.open(vmcore)) {
            for (String line : VmcoreClassifier.describe(v, first)) {
                System.out.println("  " + what + ": " + line);
            }
        }
    }

    /** The -d 31 -z timing both tools would see in a capture kernel (theirs in the sid root). */
    private static void timeLevel31(MakedumpfileOracle oracle) throws Exception {
        Path ours = oracle.work.resolve("kexkit-z31");
        double kexkit = kexkit("makedumpfile", "-z", "-d", "31", "-f", oracle.vmcore().toString(), ours.toString())
                .seconds();
        Path theirs = oracle.work.resolve("makedumpfile-z31");
        long start = System.nanoTime();
        oracle.makedumpfile(oracle.vmcore(), theirs, "-z", "-d", "31", "--message-level", "4");
        double mdf = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s -d 31 -z: kexkit %.2f s (%d bytes), makedumpfile 1.7.8 %.2f s (%d bytes)%n",
                oracle.saved.kernel().release(), kexkit, Files.size(ours), mdf, Files.size(theirs));
        Files.delete(ours);
        Files.delete(theirs);
    }
}
