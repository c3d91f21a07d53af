package org.kexkit.kdump;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The disk filesystem a capture environment must mount to write the dump, found on the running system: a local
 * target directory becomes the filesystem holding it, named by UUID (the capture kernel has no fstab and its own
 * device names), and the kernel modules that reach the device are read from sysfs (each device's driver's module,
 * from the disk up to its bus: virtio_blk, virtio_pci; sd_mod, ahci; nvme).
 *
 * @param mount   the target as the capture side reads it: UUID=/LABEL= and the directory inside
 * @param fsType  the filesystem type to mount (ext4 for ext2/3/4, xfs, btrfs)
 * @param device  the block device holding it on this system
 * @param drivers modules of the device's drivers, disk first (built-in drivers have none)
 */
public record CaptureTarget(DumpTarget.BlockDevice mount, String fsType, BlockTargets.Device device,
        List<String> drivers) {

    public CaptureTarget {
        drivers = List.copyOf(drivers);
    }

    /** Where {@code target} lives on the system under {@code root}. */
    public static CaptureTarget resolve(Path root, DumpTarget target) throws IOException, CaptureTargetException {
        BlockTargets blocks = new BlockTargets(root);
        if (target instanceof DumpTarget.BlockDevice b) {
            BlockTargets.Device device = blocks.find(b).orElseThrow(() -> new CaptureTargetException("target "
                    + b.spec() + ": no block device under " + root.resolve("sys/class/block") + " has it"));
            BlockTargets.Identity id = BlockTargets.identity(device.node()).orElseThrow();
            return new CaptureTarget(b, id.type(), device, drivers(root, device));
        }
        if (target instanceof DumpTarget.LocalPath l) {
            return local(root, l.path());
        }
        if (target instanceof DumpTarget.Ssh s) {
            throw new CaptureTargetException("target ssh " + s.destination() + ":" + s.directory()
                    + ": reached over the network, not a filesystem the capture mounts");
        }
        DumpTarget.Nfs n = (DumpTarget.Nfs) target;
        throw new CaptureTargetException("target nfs " + n.server() + ":" + n.directory()
                + ": the capture side does not mount NFS");
    }

    private static CaptureTarget local(Path root, Path dir) throws IOException,
            CaptureTargetException {
        Path mountinfo = root.resolve("proc/self/mountinfo");
        if (!Files.exists(mountinfo)) {
            throw new CaptureTargetException("target " + dir + ": " + mountinfo + " is missing");
        }
        String[] best = null;
        for (String line : Files.readAllLines(mountinfo, StandardCharsets.UTF_8)) {
            // id parent major:minor root mountpoint options ... - fstype source superoptions (proc(5))
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (f.length < 5 || dash < 0 || dash + 1 >= f.length) {
                continue;
            }
            String point = BlockTargets.unescape(f[4]);
            if (dir.startsWith(Path.of(point)) && (best == null || point.length() >= best[1].length())) {
                best = new String[] {f[2], point, f[3], f[dash + 1]};
            }
        }
        if (best == null) {
            throw new CaptureTargetException("target " + dir + ": no mount in " + mountinfo + " holds it");
        }
        String where = "target " + dir + ": on " + best[1] + " (" + best[3] + ", " + best[0] + ")";
        if (!best[2].equals("/")) {
            throw new CaptureTargetException(where + ": a bind mount of " + best[2] + "; give the filesystem's UUID= target");
        }
        BlockTargets.Device device = device(root, best[0]).orElseThrow(() -> new CaptureTargetException(where
                + ": not a block device the capture can mount"));
        BlockTargets.Identity id = BlockTargets.identity(device.node()).orElseThrow(() -> new CaptureTargetException(
                where + ": " + device.node() + " holds no ext2/3/4, XFS or btrfs superblock kexkit can read"));
        String inside = "/" + Path.of(best[1]).relativize(dir);
        DumpTarget.BlockDevice mount = new DumpTarget.BlockDevice(DumpTarget.BlockDevice.Key.UUID, id.uuid(), inside);
        return new CaptureTarget(mount, id.type(), device, drivers(root, device));
    }

    private static Optional<BlockTargets.Device> device(Path root, String majorMinor) throws IOException {
        Path sysBlock = root.resolve("sys/class/block");
        if (!Files.isDirectory(sysBlock)) {
            return Optional.empty();
        }
        try (var s = Files.newDirectoryStream(sysBlock)) {
            for (Path dev : s) {
                Path mm = dev.resolve("dev");
                if (Files.exists(mm) && Files.readString(mm, StandardCharsets.US_ASCII).strip().equals(majorMinor)) {
                    String name = dev.getFileName().toString();
                    return Optional.of(new BlockTargets.Device(name, majorMinor, root.resolve("dev").resolve(name)));
                }
            }
        }
        return Optional.empty();
    }

    /** The modules of the drivers from the device up through its parents (sysfs: each device's driver/module link). */
    static List<String> drivers(Path root, BlockTargets.Device device) throws IOException {
        return drivers(root, root.resolve("sys/class/block").resolve(device.name()));
    }

    /** The same for any device under /sys/class ({@code link}: its class entry, a block or a net device). */
    static List<String> drivers(Path root, Path link) throws IOException {
        Path devices = root.resolve("sys/devices").toAbsolutePath().normalize();
        if (!Files.exists(link)) {
            return List.of();
        }
        List<String> modules = new ArrayList<>();
        for (Path d = link.toRealPath(); d != null && d.startsWith(devices.toRealPath()); d = d.getParent()) {
            Path module = d.resolve("driver/module");
            if (Files.exists(module)) {
                String name = module.toRealPath().getFileName().toString();
                if (!modules.contains(name)) {
                    modules.add(name);
                }
            }
        }
        return modules;
    }
}
