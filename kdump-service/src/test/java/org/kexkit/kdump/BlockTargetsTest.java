package org.kexkit.kdump;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockTargetsTest {
    private static byte[] ext4(String label) {
        byte[] b = new byte[4096];
        b[1024 + 0x38] = 0x53;
        b[1024 + 0x39] = (byte) 0xEF;
        for (int i = 0; i < 16; i++) {
            b[1024 + 0x68 + i] = (byte) (0x10 + i);
        }
        byte[] l = label.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(l, 0, b, 1024 + 0x78, l.length);
        return b;
    }

    @Test
    void findsByUuidOrLabelAndItsMountPoint(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("sys/class/block/vda"));
        Files.createDirectories(root.resolve("sys/class/block/vdb"));
        Files.writeString(root.resolve("sys/class/block/vda/dev"), "254:0\n");
        Files.writeString(root.resolve("sys/class/block/vdb/dev"), "254:16\n");
        Files.createDirectories(root.resolve("dev"));
        Files.write(root.resolve("dev/vda"), new byte[8192]);
        Files.write(root.resolve("dev/vdb"), ext4("kdump"));
        Files.createDirectories(root.resolve("proc/self"));
        Files.writeString(root.resolve("proc/self/mountinfo"), "22 1 0:5 / / rw - rootfs rootfs rw\n"
                + "30 22 254:16 / /mnt/dump\\040disk rw,relatime - ext4 /dev/vdb rw\n");
        BlockTargets targets = new BlockTargets(root);
        BlockTargets.Device dev = targets.find(new DumpTarget.BlockDevice(DumpTarget.BlockDevice.Key.LABEL, "kdump", "/"))
                .orElseThrow();
        assertEquals(new BlockTargets.Device("vdb", "254:16", root.resolve("dev/vdb")), dev);
        assertEquals(Optional.of(dev), targets.find(new DumpTarget.BlockDevice(DumpTarget.BlockDevice.Key.UUID,
                "10111213-1415-1617-1819-1A1B1C1D1E1F", "/")));
        assertEquals(Optional.empty(), targets.find(new DumpTarget.BlockDevice(DumpTarget.BlockDevice.Key.LABEL, "x", "/")));
        assertEquals(Optional.of(root.resolve("mnt/dump disk")), targets.mountPoint(dev));
    }
}
