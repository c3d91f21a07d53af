package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.qemu.run.Ext4Image;

/**
 * The harness's files that hold guest memory (disk images such as runs/NAME/dump.img, dump
 * streams, memory dumps) are 0600 even where an older file of that name was 0644.
 */
class HarnessFileModesTest {
    @TempDir
    Path dir;

    @Test
    void aPrivateFileReplacesAnOpenOneOwnerOnly() throws Exception {
        Path stream = Files.createFile(dir.resolve("kexkit-flat"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        Ext4Image.privateFile(stream);
        assertEquals("rw-------", mode(stream));
        // writing the stream into it (Files.newOutputStream truncates) keeps the mode
        try (var out = Files.newOutputStream(stream)) {
            out.write(new byte[4096]);
        }
        assertEquals("rw-------", mode(stream));
    }

    @Test
    void diskImagesAreOwnerOnly() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/mkfs.ext4")) || Files.isExecutable(Path.of("/sbin/mkfs.ext4")),
                "mkfs.ext4 (e2fsprogs) is installed");
        Path dump = Files.createFile(dir.resolve("dump.img"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        Ext4Image.create(dump, 8, null, "kexkit-dump"); // as GuestRun makes dump.img and boot.img
        assertEquals("rw-------", mode(dump));
        Path contents = Files.createDirectory(dir.resolve("files"));
        Files.writeString(contents.resolve("a"), "a\n");
        Path boot = dir.resolve("boot.img");
        Ext4Image.create(boot, 8, contents, "kexkit-boot");
        assertEquals("rw-------", mode(boot));
    }

    private static String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
