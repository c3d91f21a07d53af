package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kexkit.dump.elf.ElfVmcore;
import org.kexkit.dump.source.VmcoreSource;
import org.kexkit.elfcore.ElfCoreReader;
import org.kexkit.elfcore.ProgramHeader;

/**
 * kexkit makedumpfile -E -d 31 against makedumpfile 1.7.8 -E -d 31 on real vmcores. On 6.1 the
 * program headers must be equal and so must every page of file data; on 7.2 kexkit keeps slab
 * tail pages 1.7.8 drops (FilterOracleTest), so every page in makedumpfile's file must be in
 * kexkit's with the same bytes. drgn must open kexkit's ELF dump with the -dbg vmlinux, read the
 * release and walk the task list.
 */
@Tag("qemu")
class ElfOutputOracleTest {
    private static final long TIMEOUT = 600;
    private static final int PAGE = 4096;

    /** {@code exact}: the same program headers and pages (6.1); otherwise every page makedumpfile keeps (7.2). */
    @ParameterizedTest(name = "Debian {0} vmcore: -E -d 31 against makedumpfile 1.7.8, exact: {1}")
    @CsvSource({"6.1, true", "7.2, false"})
    void compare(String label, boolean exact) throws Exception {
        MakedumpfileOracle oracle = MakedumpfileOracle.open(label, "elf-oracle-" + label, TIMEOUT);
        SavedVmcores.Saved saved = oracle.saved;
        Path work = oracle.work;
        Path vmcore = oracle.vmcore();

        Path ours = work.resolve("kexkit-E31");
        MakedumpfileOracle.KexkitRun kexkit = MakedumpfileOracle.kexkit("makedumpfile", "-E", "-d", "31",
                "--message-level", "23", "-f", vmcore.toString(), ours.toString());
        Path theirs = work.resolve("makedumpfile-E31");
        long start = System.nanoTime();
        oracle.makedumpfile(vmcore, theirs, "-E", "-d", "31", "--message-level", "4");
        double makedumpfile = (System.nanoTime() - start) / 1e9;
        List<ProgramHeader> ourHeaders = ElfCoreReader.read(ours).programHeaders();
        List<ProgramHeader> theirHeaders = ElfCoreReader.read(theirs).programHeaders();
        System.out.printf("%s -E -d 31: kexkit %.2f s, %d bytes, %d program headers; makedumpfile 1.7.8 %.2f s, %d bytes,"
                + " %d program headers; files identical: %s%n", label, kexkit.seconds(), Files.size(ours), ourHeaders.size(),
                makedumpfile, Files.size(theirs), theirHeaders.size(), Files.mismatch(ours, theirs) == -1);
        System.out.print(kexkit.out());

        long checked = sameOrMore(ours, theirs, label);
        System.out.printf("%s: %d pages of makedumpfile's file data found in kexkit's, byte for byte%n", label, checked);
        if (exact) {
            assertEquals(theirHeaders, ourHeaders, label + ": program headers");
            assertEquals(-1, Files.mismatch(ours, theirs), label + ": same headers and pages, so the same file");
        }

        Map<String, String> seen = oracle.sid.drgn().inspect(ours, saved.kernel().debugVmlinux(), "no marker");
        System.out.println(label + ": drgn on kexkit's ELF dump: " + seen);
        assertEquals(saved.kernel().release(), seen.get("release"), "drgn reads init_uts_ns: " + seen);
        assertEquals("swapper/0", seen.get("init_task_comm"), seen.toString());
        assertTrue(Integer.parseInt(seen.getOrDefault("tasks", "0")) > 10, "drgn walks the task list: " + seen);
        Files.deleteIfExists(ours);
        Files.deleteIfExists(theirs);
    }

    /** Every page of file data in {@code theirs} is file data in {@code ours} with the same bytes; returns the count. */
    private static long sameOrMore(Path ours, Path theirs, String label) throws Exception {
        long checked = 0;
        try (ElfVmcore a = ElfVmcore.open(ours); ElfVmcore b = ElfVmcore.open(theirs);
                VmcoreSource.PageReader readA = a.pageReader(true); VmcoreSource.PageReader readB = b.pageReader(true)) {
            byte[] pa = new byte[PAGE];
            byte[] pb = new byte[PAGE];
            for (ProgramHeader load : b.core().loads()) {
                for (long pfn = load.paddr() / PAGE; pfn < (load.paddr() + load.filesz()) / PAGE; pfn++) {
                    if (b.excluded(pfn)) {
                        continue;
                    }
                    assertFalse(a.excluded(pfn) || !a.memory().backed(pfn), label + ": pfn 0x" + Long.toHexString(pfn)
                            + " is in makedumpfile's file, not in kexkit's");
                    readA.read(pfn, pa, 0);
                    readB.read(pfn, pb, 0);
                    assertArrayEquals(pb, pa, label + ": page of pfn 0x" + Long.toHexString(pfn));
                    checked++;
                }
            }
        }
        return checked;
    }
}
