package org.kexkit.qemu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kexkit.qemu.run.Ext4Image;
import org.kexkit.qemu.run.HostCommand;
import org.kexkit.qemu.run.QemuRunException;

/**
 * One run's root disk of the systemd guest: a copy of the cached {@link SystemdRoot} with the freshly
 * built kexkit .deb installed by dpkg inside it (the unit enabled by the package's own postinst, as
 * {@code apt install ./kexkit_*.deb} would leave it), the run's kdump.conf, and the test-only units
 * that crash the first boot and report after the reboot; made into an ext4 image (0600) with
 * mkfs.ext4 -d, so the host mounts nothing. The copy is deleted once the image exists.
 */
public final class SystemdGuestImage {
    /** The test units, never part of the package: see their files. */
    static final List<String> TEST_UNITS = List.of("kexkit-test-panic.service", "kexkit-test-report.service");
    /** Where the report unit leaves its files in the guest. */
    public static final String REPORT_DIR = "/var/lib/kexkit-test";

    private SystemdGuestImage() {}

    /** The .deb's own dependencies and recommendations, which its install would pull in. */
    public static List<String> packagesFor(Path deb) {
        List<String> names = new ArrayList<>(Debs.packageNames(Debs.field(deb, "Depends")));
        names.addAll(Debs.packageNames(Debs.field(deb, "Recommends")));
        return names;
    }

    /**
     * Writes {@code image}: the root with the package installed, {@code kdumpConf} as /etc/kexkit/kdump.conf,
     * {@code marker} for the panic unit to write to the kernel log. Returns the root tree's bytes.
     */
    public static long write(Path image, Path cachedRoot, Path deb, String kdumpConf, String marker) {
        Path copy = image.resolveSibling("root");
        DebianKernels.deleteTree(copy);
        HostCommand.of("cp", "-a", cachedRoot.toString(), copy.toString()).timeout(900).output();
        try {
            Files.delete(copy.resolve(".kexkit-ready"));
            Path inRoot = copy.resolve("tmp").resolve(deb.getFileName().toString());
            Files.copy(deb, inRoot);
            chroot(copy, "dpkg", "-i", "/tmp/" + deb.getFileName());
            Files.delete(inRoot);
            if (!Files.exists(copy.resolve("etc/systemd/system/multi-user.target.wants/kexkit-kdump.service"),
                    java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new QemuRunException("installing " + deb.getFileName() + " did not enable kexkit-kdump.service");
            }
            Files.writeString(copy.resolve("etc/kexkit/kdump.conf"), kdumpConf);
            Path units = copy.resolve("etc/systemd/system");
            for (String unit : TEST_UNITS) {
                Files.write(units.resolve(unit), GuestInitramfs.resource(unit));
            }
            Path step = copy.resolve("usr/local/sbin/kexkit-test-step");
            Files.createDirectories(step.getParent());
            Files.write(step, GuestInitramfs.resource("kexkit-test-step.sh"));
            Files.setPosixFilePermissions(step, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.writeString(copy.resolve("etc/kexkit-test.conf"),
                    GuestInitramfs.shellAssignments(Map.of("MARKER", marker)));
            List<String> enable = new ArrayList<>(List.of("systemctl", "enable"));
            enable.addAll(TEST_UNITS);
            chroot(copy, enable.toArray(String[]::new));
            long bytes = SystemdRoot.treeBytes(copy);
            // room for the capture environment setup builds and the dump of a 1 GiB guest
            Ext4Image.create(image, (int) (bytes / 1048576 + 1536), copy, SystemdRoot.LABEL);
            DebianKernels.deleteTree(copy);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a program inside the copy (dpkg's maintainer scripts and systemctl see it as /). */
    static void chroot(Path root, String... argv) {
        List<String> full = new ArrayList<>(List.of("chroot", root.toString()));
        full.addAll(List.of(argv));
        HostCommand.of(full).env(Map.of("LANG", "C.UTF-8", "PATH", "/usr/sbin:/usr/bin:/sbin:/bin",
                "DEBIAN_FRONTEND", "noninteractive")).timeout(600).output();
    }
}
