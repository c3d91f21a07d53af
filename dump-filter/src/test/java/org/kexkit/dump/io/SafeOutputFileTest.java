package org.kexkit.dump.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.DumpException;
import org.kexkit.dump.flattened.FlattenedReassembler;

/** The partial file exists from its first write: before it, a stopped run leaves nothing. */
class SafeOutputFileTest {
    @TempDir
    Path dir;

    @Test
    void nothingWrittenLeavesNoFile() throws Exception {
        Path out = dir.resolve("dump");
        try (SafeOutputFile target = SafeOutputFile.create(out, false)) {
            assertFalse(target.created());
            assertFalse(Files.exists(target.partial()), "no file before the first write");
            assertEquals("; nothing was written, no file is left", target.leftBehind("the partial file"));
        }
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "closing before any write leaves nothing behind");
        }
    }

    @Test
    void theFirstWriteCreatesTheFileOwnerOnly() throws Exception {
        Path out = dir.resolve("dump");
        try (SafeOutputFile target = SafeOutputFile.create(out, false)) {
            DumpSink sink = target.sink();
            sink.sync(); // nothing to make durable yet, and no file made for it
            assertFalse(Files.exists(target.partial()));
            sink.write(4096, ByteBuffer.wrap(new byte[] {1, 2, 3}));
            assertTrue(target.created());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target.partial())));
            assertEquals(4099, Files.size(target.partial()));
            assertEquals("; the partial file is left at " + target.partial(), target.leftBehind("the partial file"));
            assertFalse(Files.exists(out), "OUT gets its name only when complete");
            target.commit();
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        assertFalse(Files.exists(SafeOutputFile.partialPath(out)));
    }

    @Test
    void theFirstWriteCreatesExclusively() throws Exception {
        Path out = dir.resolve("dump");
        try (SafeOutputFile target = SafeOutputFile.create(out, false)) {
            // someone else takes the partial name between create and the first write: it is not reused
            Files.writeString(target.partial(), "not ours");
            assertThrows(FileAlreadyExistsException.class, () -> target.sink().write(0, ByteBuffer.wrap(new byte[1])));
            assertEquals("not ours", Files.readString(target.partial()));
        }
    }

    @Test
    void anEmptyResultIsCreatedByCommit() throws Exception {
        Path out = dir.resolve("empty.log");
        try (SafeOutputFile target = SafeOutputFile.create(out, false)) {
            target.commit();
        }
        assertEquals(0, Files.size(out));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
    }

    @Test
    void aStreamRefusedBeforeItsFirstRecordLeavesNoFile() throws Exception {
        Path out = dir.resolve("rebuilt");
        assertThrows(FormatException.class, () -> FlattenedReassembler.toFile(
                new ByteArrayInputStream(new byte[10]), "stdin", out, false));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "no empty partial file");
        }
    }

    @Test
    void aMissingDirectoryIsRefusedAtCreate() {
        DumpException e = assertThrows(DumpException.class, () -> SafeOutputFile.create(dir.resolve("no/dump"), false));
        assertEquals("cannot create the partial file: " + dir.resolve("no/.dump.kexkit-partial") + ": no such directory",
                e.getMessage());
    }
}
