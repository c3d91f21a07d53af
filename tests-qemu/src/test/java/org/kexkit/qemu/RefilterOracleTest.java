package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kexkit.qemu.MakedumpfileOracle.dumped;
import static org.kexkit.qemu.MakedumpfileOracle.kexkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kexkit.dump.kdump.KdumpReader;
import org.kexkit.qemu.run.HostCommand;

/**
 * Re-filtering a kdump-compressed dump on real vmcores: kexkit's -d 1 dump filtered again by
 * kexkit to -d 31 must dump the same pfns (2nd bitmap) as kexkit -d 31 straight from the ELF
 * vmcore, on 6.1 and 7.2; makedumpfile 1.7.8 re-filtering the same -d 1 dump must dump the same
 * pfns on 6.1 (on 7.2 kexkit keeps at least what it keeps, see FilterOracleTest); libkdumpfile
 * must read every page of the re-filtered dump as the ELF vmcore has it.
 */
@Tag("qemu")
class RefilterOracleTest {
    private static final long TIMEOUT = 300;

    /** libkdumpfile reads every dumped page and compares it with the ELF vmcore. */
    private static final String CHECK = MakedumpfileOracle.PYTHON_PRELUDE + """
            dump = sys.argv[2]
            k = kdumpfile.Context()
            k.open(dump)
            pfns = [pfn for first, end in dumped_runs(k) for pfn in range(first, min(end, max_pfn))]
            bad = [hex(p) for p in pfns if k.read(kdumpfile.MACHPHYSADDR, p * PAGE, PAGE) != elf_page(p)]
            print(json.dumps({'checked': len(pfns), 'mismatches': len(bad), 'first': bad[:5],
                              'release': str(k.attr['linux.uts.release'])}))
            """;

    @ParameterizedTest(name = "Debian {0} vmcore: -d 1 re-filtered to -d 31, makedumpfile 1.7.8 agrees: {1}")
    @CsvSource({"6.1, true", "7.2, false"})
    void refilter(String label, boolean makedumpfileMustAgree) throws Exception {
        MakedumpfileOracle oracle = MakedumpfileOracle.open(label, "refilter-oracle-" + label, TIMEOUT);
        SidRoot sid = oracle.sid;
        Path work = oracle.work;
        Path vmcore = oracle.vmcore();

        Path d1 = work.resolve("kexkit-d1");
        double first = lzo("1", vmcore, d1);
        Path again = work.resolve("kexkit-d1-to-d31");
        double refilter = lzo("31", d1, again);
        Path direct = work.resolve("kexkit-d31");
        double straight = lzo("31", vmcore, direct);
        BitSet fromDump = dumped(again);
        BitSet fromVmcore = dumped(direct);
        System.out.printf("%s: kexkit -d 1 %.2f s (%d bytes); -d 1 -> -d 31 %.2f s, %d pfns; -d 31 from the vmcore"
                + " %.2f s, %d pfns; files identical: %s%n", label, first, Files.size(d1), refilter,
                fromDump.cardinality(), straight, fromVmcore.cardinality(), Files.mismatch(again, direct) == -1);
        assertEquals(fromVmcore, fromDump, label + ": re-filtered 2nd bitmap against -d 31 from the vmcore");
        try (KdumpReader r = KdumpReader.open(again)) {
            assertEquals(31, r.subHeader().dumpLevel());
        }

        Path theirs = work.resolve("makedumpfile-d1-to-d31");
        long start = System.nanoTime();
        oracle.makedumpfile(d1, theirs, "-l", "-d", "31", "--message-level", "4");
        BitSet byMakedumpfile = dumped(theirs);
        BitSet onlyTheirs = (BitSet) byMakedumpfile.clone();
        onlyTheirs.andNot(fromDump);
        BitSet onlyOurs = (BitSet) fromDump.clone();
        onlyOurs.andNot(byMakedumpfile);
        System.out.printf("%s: makedumpfile 1.7.8 -d 1 -> -d 31 on kexkit's dump %.2f s, %d pfns; only kexkit %d, "
                + "only makedumpfile %d%n", label, (System.nanoTime() - start) / 1e9, byMakedumpfile.cardinality(),
                onlyOurs.cardinality(), onlyTheirs.cardinality());
        assertTrue(onlyTheirs.isEmpty(), label + ": pfns makedumpfile keeps and kexkit drops: " + onlyTheirs.cardinality());
        if (makedumpfileMustAgree) {
            assertTrue(onlyOurs.isEmpty(), label + ": pfns only kexkit keeps: " + onlyOurs.cardinality());
        }

        Path script = work.resolve("check.py");
        Files.writeString(script, CHECK);
        HostCommand.Result check = oracle.mustRun("python3", sid.inside(script), sid.inside(vmcore), sid.inside(again));
        String json = check.stdout().strip();
        System.out.println(label + ": libkdumpfile on the re-filtered dump: " + json);
        assertTrue(json.contains("\"mismatches\": 0,") && json.contains("\"release\": \""
                + oracle.saved.kernel().release() + "\""), json);
        for (Path p : new Path[] {d1, again, direct, theirs}) {
            Files.deleteIfExists(p);
        }
    }

    /** kexkit makedumpfile -l -d {@code level} from {@code in} to {@code out}; returns the seconds it took. */
    private static double lzo(String level, Path in, Path out) {
        return kexkit("makedumpfile", "-l", "-d", level, "-f", in.toString(), out.toString()).seconds();
    }
}
