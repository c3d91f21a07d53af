package org.kexkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.dump.kdump.KdumpReader;
import org.kexkit.elfcore.ElfCoreWriter;

/** makedumpfile --split and --reassemble on a 16-page vmcore cut on 4 KiB blocks. */
class MakedumpfileSplitTest {
    @TempDir
    Path dir;
    Path vmcore;
    byte[] memory;
    CliEnvironment environment;

    @BeforeEach
    void writeVmcore() throws Exception {
        memory = new byte[16 * 4096];
        new Random(2).nextBytes(memory);
        vmcore = dir.resolve("vmcore");
        new ElfCoreWriter().addPrStatus(1).addVmcoreInfo("OSRELEASE=6.1.0-test\nPAGESIZE=4096\n")
                .addLoad(0xffff888000100000L, 0x100000, memory).write(vmcore);
        environment = new FakeKernel().environment(dir);
    }

    @Test
    void splitPartsReassembleIntoTheUnsplitDump() throws Exception {
        Path whole = dir.resolve("whole");
        assertEquals(0, CliRun.of(environment, "makedumpfile", "-z", "-d", "1", vmcore.toString(), whole.toString())
                .exitCode());
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        CliRun split = CliRun.of(environment, "makedumpfile", "--split", "-z", "-d", "1", "--splitblock-size", "4",
                vmcore.toString(), a.toString(), b.toString());
        assertEquals(0, split.exitCode(), split.err());
        assertTrue(split.out().contains("The dumpfile is saved to " + a + ".\nThe dumpfile is saved to " + b + ".\n"),
                split.out());
        try (KdumpReader first = KdumpReader.open(a); KdumpReader second = KdumpReader.open(b)) {
            assertEquals(0, first.part().start());
            assertEquals(0x108, first.part().end()); // 8 of the 16 dumped pages each
            assertEquals(0x108, second.part().start());
            assertEquals(0x110, second.part().end());
            assertArrayEquals(java.util.Arrays.copyOfRange(memory, 9 * 4096, 10 * 4096), second.readPage(0x109));
        }
        Path joined = dir.resolve("joined");
        CliRun reassemble = CliRun.of(environment, "makedumpfile", "--reassemble", b.toString(), a.toString(),
                joined.toString());
        assertEquals(0, reassemble.exitCode(), reassemble.err());
        assertTrue(reassemble.out().contains("The dumpfile is saved to " + joined + "."), reassemble.out());
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(joined));

        // a part alone is a dump of its own pages: filtering it again keeps those
        Path again = dir.resolve("again");
        CliRun refilter = CliRun.of(environment, "makedumpfile", "-l", "-d", "1", b.toString(), again.toString());
        assertEquals(0, refilter.exitCode(), refilter.err());
        try (KdumpReader r = KdumpReader.open(again)) {
            assertEquals(8, r.dumpedPages());
            assertFalse(r.split());
        }
    }

    @Test
    void badUseIsOneLine() throws Exception {
        Path a = dir.resolve("a");
        CliRun one = CliRun.of(environment, "makedumpfile", "--split", "-z", vmcore.toString(), a.toString());
        assertNotEquals(0, one.exitCode());
        assertTrue(one.err().contains("--split takes VMCORE and at least two DUMPFILEs"), one.err());
        CliRun flat = CliRun.of(environment, "makedumpfile", "--split", "-F", vmcore.toString(), a.toString(),
                dir.resolve("b").toString());
        assertTrue(flat.err().contains("--split cannot be used with -F"), flat.err());
        CliRun block = CliRun.of(environment, "makedumpfile", "--split", "--splitblock-size", "6", vmcore.toString(),
                a.toString(), dir.resolve("b").toString());
        assertTrue(block.err().contains("--splitblock-size must be a positive multiple"), block.err());
        CliRun reassemble = CliRun.of(environment, "makedumpfile", "--reassemble", "-z", a.toString(),
                dir.resolve("b").toString(), dir.resolve("c").toString());
        assertTrue(reassemble.err().contains("--reassemble takes only the parts and DUMPFILE"), reassemble.err());

        Path whole = dir.resolve("whole");
        CliRun.of(environment, "makedumpfile", "-d", "1", vmcore.toString(), whole.toString());
        CliRun notParts = CliRun.of(environment, "makedumpfile", "--reassemble", whole.toString(), whole.toString(),
                dir.resolve("c").toString());
        assertEquals(1, notParts.exitCode());
        assertTrue(notParts.errLine().contains("not a part of a split dump"), notParts.err());
        assertFalse(Files.exists(dir.resolve("c")));
        assertFalse(Files.exists(a));
    }
}
