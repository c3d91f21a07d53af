package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kexkit.qemu.MakedumpfileOracle.kexkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kexkit.dump.elf.ElfVmcore;
import org.kexkit.dump.kdump.KdumpVmcore;
import org.kexkit.dump.source.PfnRun;
import org.kexkit.dump.source.VmcoreSource;

/**
 * --split and --reassemble against makedumpfile 1.7.8 on the saved 6.1 vmcore (1 GiB, cut on 64 MiB
 * splitblocks so that three parts hold pages): kexkit's parts are byte-identical to makedumpfile's;
 * makedumpfile --reassemble of kexkit's parts and kexkit --reassemble of makedumpfile's parts both
 * give the dump without --split, byte for byte; kexkit reads makedumpfile's parts as one dump.
 */
@Tag("qemu")
class SplitOracleTest {
    private static final long TIMEOUT = 600;
    private static final String BLOCK_KIB = "65536";

    @Test
    void splitPartsAndReassemblyMatchMakedumpfile() throws Exception {
        MakedumpfileOracle oracle = MakedumpfileOracle.open("6.1", "split-oracle", TIMEOUT);
        SidRoot sid = oracle.sid;
        Path work = oracle.work;
        Path vmcore = oracle.vmcore();
        for (String[] c : new String[][] {{"-z", "31"}, {"-l", "1"}}) {
            String tag = c[0].substring(1) + c[1];
            Path whole = work.resolve("kexkit-whole-" + tag);
            kexkit("makedumpfile", c[0], "-d", c[1], "-f", vmcore.toString(), whole.toString());
            List<Path> ours = parts(work, "kexkit-" + tag);
            List<String> args = new ArrayList<>(List.of("makedumpfile", "--split", c[0], "-d", c[1], "-f",
                    "--splitblock-size", BLOCK_KIB, vmcore.toString()));
            ours.forEach(p -> args.add(p.toString()));
            kexkit(args.toArray(String[]::new));

            List<Path> theirs = parts(work, "makedumpfile-" + tag);
            List<String> mdf = new ArrayList<>(List.of("makedumpfile", "--split", c[0], "-d", c[1], "--splitblock-size",
                    BLOCK_KIB, "--message-level", "4", "--work-dir", sid.inside(work), sid.inside(vmcore)));
            for (Path p : theirs) {
                Files.deleteIfExists(p);
                mdf.add(sid.inside(p));
            }
            oracle.mustRun(mdf.toArray(String[]::new));
            for (int i = 0; i < ours.size(); i++) {
                assertEquals(-1, Files.mismatch(ours.get(i), theirs.get(i)), c[0] + " -d " + c[1] + ": part " + i
                        + " against makedumpfile's");
            }
            // the parts tile the pfns from 0 to max_mapnr in order, and the split shares the pages out
            long next = 0;
            int holding = 0;
            for (Path p : ours) {
                try (KdumpVmcore part = KdumpVmcore.open(p)) {
                    PfnRun r = part.reader().part();
                    assertEquals(next, r.start(), "part " + p + " starts where the one before ends");
                    next = r.end();
                    holding += r.end() > r.start() ? 1 : 0;
                }
            }
            assertTrue(holding >= 2, "at least two parts hold pages");

            Path joinedByMdf = work.resolve("reassembled-by-makedumpfile-" + tag);
            Files.deleteIfExists(joinedByMdf);
            List<String> re = new ArrayList<>(List.of("makedumpfile", "--reassemble"));
            ours.forEach(p -> re.add(sid.inside(p)));
            re.add(sid.inside(joinedByMdf));
            oracle.mustRun(re.toArray(String[]::new));
            assertEquals(-1, Files.mismatch(whole, joinedByMdf), "makedumpfile --reassemble of kexkit's parts");

            Path joinedByUs = work.resolve("reassembled-by-kexkit-" + tag);
            List<String> ka = new ArrayList<>(List.of("makedumpfile", "--reassemble", "-f"));
            theirs.forEach(p -> ka.add(p.toString()));
            ka.add(joinedByUs.toString());
            kexkit(ka.toArray(String[]::new));
            assertEquals(-1, Files.mismatch(whole, joinedByUs), "kexkit --reassemble of makedumpfile's parts");
        }
        // makedumpfile's parts read as one dump: every page kept at -d 1 as in the ELF vmcore
        List<Path> theirs = parts(work, "makedumpfile-l1");
        try (ElfVmcore elf = ElfVmcore.open(vmcore); KdumpVmcore set = KdumpVmcore.openSplit(theirs);
                VmcoreSource.PageReader e = elf.pageReader(true); VmcoreSource.PageReader k = set.pageReader(false)) {
            byte[] a = new byte[4096];
            byte[] b = new byte[4096];
            long checked = 0;
            for (PfnRun run : elf.memory().runs()) {
                for (long pfn = run.start(); pfn < run.end(); pfn += 7) {
                    if (set.excluded(pfn)) {
                        continue;
                    }
                    e.read(pfn, a, 0);
                    k.read(pfn, b, 0);
                    assertArrayEquals(a, b, "pfn 0x" + Long.toHexString(pfn));
                    checked++;
                }
            }
            System.out.println("split set read back: " + checked + " pages compared with the ELF vmcore");
            assertTrue(checked > 10000, "pages compared: " + checked);
        }
    }

    private static List<Path> parts(Path work, String prefix) {
        return List.of(work.resolve(prefix + ".1"), work.resolve(prefix + ".2"), work.resolve(prefix + ".3"));
    }
}
