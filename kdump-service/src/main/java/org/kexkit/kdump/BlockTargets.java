package org.kexkit.kdump;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds a UUID= or LABEL= target among the block devices (/sys/class/block) by reading their superblocks, since
 * a capture environment has no udev and so no /dev/disk/by-uuid, and then where it is mounted
 * (/proc/self/mountinfo). The capture environment's init mounts it; kexkit does not mount.
 */
public final class BlockTargets {
    /** ext2/3/4: struct ext4_super_block at byte 1024; s_magic 0xEF53 at 0x38, s_uuid[16] at 0x68, s_volume_name[16] at 0x78. */
    static final int EXT_SUPER = 1024;
    static final int EXT_MAGIC = 0x38;
    static final int EXT_UUID = 0x68;
    static final int EXT_LABEL = 0x78;
    /** XFS: struct xfs_dsb at 0; sb_magicnum "XFSB", sb_uuid[16] at 32, sb_fname[12] at 108. */
    static final int XFS_UUID = 32;
    static final int XFS_LABEL = 108;
    /** btrfs: struct btrfs_super_block at 64 KiB; fsid[16] at 0x20, magic "_BHRfS_M" at 0x40, label[256] at 0x12b. */
    static final int BTRFS_SUPER = 0x10000;

    /** A block device holding the target's filesystem. */
    public record Device(String name, String majorMinor, Path node) {
    }

    private final Path root;

    public BlockTargets(Path root) {
        this.root = root;
    }

    /** The device whose filesystem has the target's UUID or LABEL. */
    public Optional<Device> find(DumpTarget.BlockDevice target) throws IOException {
        Path sysBlock = root.resolve("sys/class/block");
        if (!Files.isDirectory(sysBlock)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(sysBlock)) {
            for (Path dev : s) {
                String name = dev.getFileName().toString();
                Path node = root.resolve("dev").resolve(name);
                Optional<Identity> id = identity(node);
                if (id.isPresent() && id.get().matches(target)) {
                    String mm = Files.readString(dev.resolve("dev"), StandardCharsets.US_ASCII).strip();
                    return Optional.of(new Device(name, mm, node));
                }
            }
        }
        return Optional.empty();
    }

    /** Where {@code device} is mounted, read under the root, or empty. */
    public Optional<Path> mountPoint(Device device) throws IOException {
        Path mountinfo = root.resolve("proc/self/mountinfo");
        if (!Files.exists(mountinfo)) {
            return Optional.empty();
        }
        for (String line : Files.readAllLines(mountinfo, StandardCharsets.UTF_8)) {
            // id parent major:minor root mountpoint options ... - fstype source superoptions (proc(5))
            String[] f = line.split(" ");
            if (f.length > 4 && f[2].equals(device.majorMinor()) && f[3].equals("/")) {
                return Optional.of(KdumpPaths.under(root, Path.of(unescape(f[4]))));
            }
        }
        return Optional.empty();
    }

    /** The filesystem UUID and label of a superblock, and the filesystem type mount takes (ext2/3 as ext4). */
    record Identity(String uuid, String label, String type) {
        boolean matches(DumpTarget.BlockDevice t) {
            return t.key() == DumpTarget.BlockDevice.Key.UUID ? uuid.equalsIgnoreCase(t.value()) : label.equals(t.value());
        }
    }

    static Optional<Identity> identity(Path node) {
        byte[] head;
        try (InputStream in = Files.newInputStream(node)) {
            head = in.readNBytes(BTRFS_SUPER + 0x12b + 256);
        } catch (IOException | SecurityException e) {
            return Optional.empty(); // not readable: not a candidate
        }
        return identity(head);
    }

    static Optional<Identity> identity(byte[] b) {
        if (b.length >= EXT_SUPER + EXT_LABEL + 16 && (b[EXT_SUPER + EXT_MAGIC] & 0xff) == 0x53
                && (b[EXT_SUPER + EXT_MAGIC + 1] & 0xff) == 0xEF) {
            return Optional.of(new Identity(uuid(b, EXT_SUPER + EXT_UUID), text(b, EXT_SUPER + EXT_LABEL, 16), "ext4"));
        }
        if (b.length >= XFS_LABEL + 12 && new String(b, 0, 4, StandardCharsets.US_ASCII).equals("XFSB")) {
            return Optional.of(new Identity(uuid(b, XFS_UUID), text(b, XFS_LABEL, 12), "xfs"));
        }
        if (b.length >= BTRFS_SUPER + 0x12b + 256
                && new String(b, BTRFS_SUPER + 0x40, 8, StandardCharsets.US_ASCII).equals("_BHRfS_M")) {
            return Optional.of(new Identity(uuid(b, BTRFS_SUPER + 0x20), text(b, BTRFS_SUPER + 0x12b, 256), "btrfs"));
        }
        return Optional.empty();
    }

    /** The 8-4-4-4-12 spelling blkid and /dev/disk/by-uuid use. */
    static String uuid(byte[] b, int at) {
        String h = HexFormat.of().formatHex(b, at, at + 16).toLowerCase(Locale.ROOT);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20) + "-"
                + h.substring(20);
    }

    private static String text(byte[] b, int at, int max) {
        int end = at;
        while (end < at + max && b[end] != 0) {
            end++;
        }
        return new String(b, at, end - at, StandardCharsets.UTF_8);
    }

    /** mountinfo writes space, tab, newline and backslash as octal escapes. */
    static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() + 0 && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
