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

    /** Where the ssh leg's kdump.conf waits in the image until the report step switches to it. */
    static final String SSH_CONF = "/etc/kexkit-test-kdump-ssh.conf";
    /** The client key's path in the guest, as kdump.conf's ssh_key names it. */
    public static final String SSH_KEY = "/root/.ssh/kdump_id_ed25519";
    /** What the ssh target needs in the guest besides the package: the ssh client (the .deb suggests it). */
    static final List<String> SSH_PACKAGES = List.of("openssh-client");

    /**
     * The ssh leg: after the report of the first dump, the guest switches to {@code kdumpConf} (an ssh target),
     * restarts the unit and crashes again. {@code debs} install the ssh client; the key and the host's known_hosts
     * line go to root's ~/.ssh; systemd-networkd gives the NIC a DHCP lease, as a user's machine has its network.
     */
    public record SshLeg(String kdumpConf, String marker, List<Path> debs, Path clientKey, Path knownHosts) {}

    private SystemdGuestImage() {}

    /**
     * The bookworm .debs of {@code packages} and of what they depend on that {@code root} lacks (from the cache, else
     * downloaded with apt-get once), for one dpkg -i in the run's copy; what apt install would add.
     */
    public static List<Path> missingDebs(HarnessCache cache, Path root, List<String> packages) {
        java.util.Set<String> installed = installed(root);
        DebianArchive archive = DebianArchive.system(cache);
        java.util.LinkedHashSet<String> wanted = new java.util.LinkedHashSet<>();
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(packages);
        while (!todo.isEmpty()) {
            String pkg = todo.pop();
            if (pkg.startsWith("<") || installed.contains(pkg) || !wanted.add(pkg)) {
                continue; // a virtual package (an alternative provides it), or already there
            }
            todo.addAll(archive.depends(pkg).stream().map(d -> d.replaceAll(":any$", "")).toList());
        }
        return wanted.stream().map(archive::download).toList();
    }

    /** The packages dpkg's status file of {@code root} says are installed. */
    private static java.util.Set<String> installed(Path root) {
        java.util.Set<String> names = new java.util.HashSet<>();
        try {
            for (String stanza : Files.readString(root.resolve("var/lib/dpkg/status")).split("\n\n")) {
                java.util.regex.Matcher p = java.util.regex.Pattern.compile("(?m)^Package: (\\S+)$").matcher(stanza);
                if (p.find() && stanza.contains("\nStatus: install ok installed")) {
                    names.add(p.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

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
        return write(image, cachedRoot, deb, kdumpConf, marker, java.util.Optional.empty());
    }

    /** The same, and with {@code ssh} the second leg's client, key, network and config. */
    public static long write(Path image, Path cachedRoot, Path deb, String kdumpConf, String marker,
            java.util.Optional<SshLeg> ssh) {
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
            Map<String, String> testConf = new java.util.HashMap<>(Map.of("MARKER", marker));
            if (ssh.isPresent()) {
                sshLeg(copy, ssh.get());
                testConf.put("MARKER_SSH", ssh.get().marker());
                testConf.put("SSH_CONF", SSH_CONF);
            }
            Files.writeString(copy.resolve("etc/kexkit-test.conf"), GuestInitramfs.shellAssignments(testConf));
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

    private static void sshLeg(Path copy, SshLeg ssh) throws IOException {
        List<String> dpkg = new ArrayList<>(List.of("dpkg", "-i"));
        for (Path d : ssh.debs()) {
            Files.copy(d, copy.resolve("tmp").resolve(d.getFileName().toString()));
            dpkg.add("/tmp/" + d.getFileName());
        }
        if (!ssh.debs().isEmpty()) {
            chroot(copy, dpkg.toArray(String[]::new));
            for (Path d : ssh.debs()) {
                Files.delete(copy.resolve("tmp").resolve(d.getFileName().toString()));
            }
        }
        Path dotSsh = copy.resolve("root/.ssh");
        Files.createDirectories(dotSsh);
        Files.setPosixFilePermissions(dotSsh, PosixFilePermissions.fromString("rwx------"));
        Path key = copy.resolve(SSH_KEY.substring(1));
        Files.copy(ssh.clientKey(), key);
        Files.copy(ssh.knownHosts(), dotSsh.resolve("known_hosts"));
        for (Path f : List.of(key, dotSsh.resolve("known_hosts"))) {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        }
        Files.writeString(copy.resolve(SSH_CONF.substring(1)), ssh.kdumpConf());
        Path network = copy.resolve("etc/systemd/network/80-kexkit-test.network");
        Files.createDirectories(network.getParent());
        Files.writeString(network, "[Match]\nName=en*\n\n[Network]\nDHCP=ipv4\n");
        chroot(copy, "systemctl", "enable", "systemd-networkd.service");
    }

    /** Runs a program inside the copy (dpkg's maintainer scripts and systemctl see it as /). */
    static void chroot(Path root, String... argv) {
        List<String> full = new ArrayList<>(List.of("chroot", root.toString()));
        full.addAll(List.of(argv));
        HostCommand.of(full).env(Map.of("LANG", "C.UTF-8", "PATH", "/usr/sbin:/usr/bin:/sbin:/bin",
                "DEBIAN_FRONTEND", "noninteractive")).timeout(600).output();
    }
}
