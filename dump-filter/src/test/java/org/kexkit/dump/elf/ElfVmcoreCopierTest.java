package org.kexkit.dump.elf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.DumpException;
import org.kexkit.dump.TargetExistsException;
import org.kexkit.elfcore.ElfCoreWriter;

class ElfVmcoreCopierTest {
    @TempDir
    Path dir;

    private Path sampleCore() throws IOException {
        Random random = new Random(42);
        byte[] a = new byte[3 * 4096 + 17];
        byte[] b = new byte[5000];
        random.nextBytes(a);
        random.nextBytes(b);
        byte[] core = new ElfCoreWriter().addPrStatus(1).addVmcoreInfo("PAGESIZE=4096\n")
                .addLoad(0xffffffff81000000L, 0x1000000, a).addLoad(0, 0, b).addLoad(0x100000, 0x100000, a)
                .toBytes();
        return Files.write(dir.resolve("vmcore"), core);
    }

    private void assertCopy(ElfVmcoreCopier copier) throws Exception {
        Path source = sampleCore();
        Path out = dir.resolve("dump.elf");
        SaveResult result = copier.copy(source, out, false);
        assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(out));
        assertEquals(Files.size(source), result.bytes());
        assertEquals(out, result.out());
        assertTrue(result.seconds() >= 0);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        assertFalse(Files.exists(ElfVmcoreCopier.partialPath(out)));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.count());
        }
    }

    @Test
    void roundTripThroughSeveralMappedWindows() throws Exception {
        assertCopy(new ElfVmcoreCopier(4096, true));
    }

    @Test
    void roundTripWithReads() throws Exception {
        assertCopy(new ElfVmcoreCopier(4096, false));
    }

    @Test
    void roundTripWithDefaultWindow() throws Exception {
        assertCopy(new ElfVmcoreCopier());
    }

    @Test
    void partialNameSitsBesideTheTarget() {
        assertEquals(dir.resolve(".dump.kexkit-partial"), ElfVmcoreCopier.partialPath(dir.resolve("dump")));
    }

    @Test
    void garbageSourceLeavesNoFile() throws IOException {
        Path source = Files.writeString(dir.resolve("garbage"), "not a vmcore, just some text long enough to be read");
        Path out = dir.resolve("dump");
        FormatException e = assertThrows(FormatException.class, () -> new ElfVmcoreCopier().copy(source, out, false));
        assertTrue(e.getMessage().startsWith(source + ": offset 0x0: "), e.getMessage());
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(ElfVmcoreCopier.partialPath(out)));
    }

    @Test
    void missingSource() {
        Path out = dir.resolve("dump");
        assertThrows(IOException.class, () -> new ElfVmcoreCopier().copy(dir.resolve("none"), out, false));
        assertFalse(Files.exists(out));
    }

    @Test
    void refusesToOverwriteUnlessAsked() throws Exception {
        Path source = sampleCore();
        Path out = Files.writeString(dir.resolve("dump"), "old");
        TargetExistsException e = assertThrows(TargetExistsException.class,
                () -> new ElfVmcoreCopier().copy(source, out, false));
        assertEquals(out + " already exists", e.getMessage());
        assertEquals(out, e.target());
        new ElfVmcoreCopier().copy(source, out, true);
        assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(out));
    }

    @Test
    void failedRenameLeavesThePartialFileUnderItsTemporaryName() throws Exception {
        Path source = sampleCore();
        Path out = dir.resolve("dump");
        Files.createDirectories(out.resolve("occupied")); // a non-empty directory cannot be replaced by rename
        DumpException e = assertThrows(DumpException.class, () -> new ElfVmcoreCopier().copy(source, out, true));
        Path partial = ElfVmcoreCopier.partialPath(out);
        assertTrue(e.getMessage().endsWith("; the complete copy is left at " + partial), e.getMessage());
        assertTrue(Files.isDirectory(out));
        assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(partial));
    }

    @Test
    void stalePartialFileIsReplaced() throws Exception {
        Path source = sampleCore();
        Path out = dir.resolve("dump");
        Path partial = Files.writeString(ElfVmcoreCopier.partialPath(out), "stale");
        Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-rw-rw-"));
        new ElfVmcoreCopier().copy(source, out, false);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        assertFalse(Files.exists(partial));
    }

    @Test
    void mibPerSecond() {
        assertEquals(2.0, new SaveResult(dir, 4 << 20, 2.0).mibPerSecond(), 1e-9);
        assertEquals(0.0, new SaveResult(dir, 1, 0).mibPerSecond(), 1e-9);
    }
}
