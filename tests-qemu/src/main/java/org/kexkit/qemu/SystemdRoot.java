package org.kexkit.qemu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Stream;
import org.kexkit.qemu.run.HostCommand;

/**
 * A Debian bookworm root with systemd, made once with debootstrap and kept in the cache, for the
 * guest that runs the kdump service as a user's machine does: systemd as init, udev, kmod, the
 * static busybox {@code kdump setup} puts in the capture environment, the packages the kexkit .deb
 * depends on or recommends (what {@code apt install ./kexkit_*.deb} would pull in), and the
 * harness's 6.1 cloud kernel copied in as its package would install it (/boot/vmlinuz-RELEASE,
 * config, System.map, the module tree with depmod's indexes). Each run copies it and installs the
 * fresh .deb into the copy ({@link SystemdGuestImage}).
 */
public final class SystemdRoot {
    /** The suite whose kernel is the harness's 6.1. */
    static final String SUITE = "bookworm";
    /** What a systemd machine needs besides minbase, and busybox for the capture environment. */
    static final List<String> BASE_PACKAGES = List.of("systemd", "systemd-sysv", "udev", "kmod", "busybox-static");
    /** The root filesystem's label: the boot initramfs and /etc/fstab find the disk by it. */
    public static final String LABEL = "kexkit-root";
    static final String HOSTNAME = "kexkit-systemd";
    private static final String READY = ".kexkit-ready";

    private SystemdRoot() {}

    /** The packages debootstrap adds to minbase: the base ones, then the .deb's, each once. */
    static List<String> packages(List<String> forTheDeb) {
        LinkedHashSet<String> all = new LinkedHashSet<>(BASE_PACKAGES);
        all.addAll(forTheDeb);
        return List.copyOf(all);
    }

    static List<String> debootstrapArgv(List<String> packages, Path into, String mirror) {
        return List.of("debootstrap", "--variant=minbase", "--include=" + String.join(",", packages), SUITE,
                into.toString(), mirror);
    }

    /** The cache entry's name: the kernel release and a digest of the package list, so either change makes a new root. */
    static String key(String release, List<String> packages) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(String.join(",", packages).getBytes(StandardCharsets.UTF_8));
            return SUITE + "-" + release + "-" + java.util.HexFormat.of().formatHex(d, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** /etc/fstab of the guest: the root by label, no fsck pass (the boot initramfs has mounted it read-write). */
    static String fstab() {
        return "LABEL=" + LABEL + " / ext4 rw,errors=remount-ro 0 0\n";
    }

    /**
     * The cached root for {@code kernel} with {@code forTheDeb} installed, built with debootstrap
     * on first use (several minutes); roots of other releases or package lists are deleted.
     */
    public static Path ensure(HarnessCache cache, GuestKernel kernel, List<String> forTheDeb) {
        List<String> packages = packages(forTheDeb);
        Path base = cache.dir("systemd-root");
        Path root = base.resolve(key(kernel.release(), packages));
        return cache.exclusive(() -> {
            if (Files.exists(root.resolve(READY))) {
                return root;
            }
            long t0 = System.nanoTime();
            Progress.step("debootstrap of a Debian " + SUITE + " root with systemd for the kdump service guest ("
                    + String.join(" ", packages) + "; once, several minutes)", () -> {
                        Path tmp = base.resolve("partial");
                        DebianKernels.deleteTree(tmp);
                        HostCommand.of(debootstrapArgv(packages, tmp, DebianArchive.systemMirror())).timeout(1800).output();
                        installKernel(tmp, kernel);
                        configure(tmp);
                        deleteOthers(base);
                        try {
                            Files.move(tmp, root);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        DebianKernels.touch(root.resolve(READY));
                    });
            Progress.say(String.format("systemd guest root built in %.0f s: %s (%d MB)", (System.nanoTime() - t0) / 1e9,
                    root, treeBytes(root) / 1_000_000));
            return root;
        });
    }

    /** The kernel package's files where it installs them; modules under /usr/lib when /lib is merged into /usr. */
    private static void installKernel(Path root, GuestKernel kernel) {
        Path boot = kernel.vmlinuz().getParent();
        String r = kernel.release();
        for (String name : List.of("vmlinuz-" + r, "config-" + r, "System.map-" + r)) {
            if (Files.isRegularFile(boot.resolve(name))) {
                GuestRun.copy(boot.resolve(name), root.resolve("boot").resolve(name));
            }
        }
        Path lib = Files.isSymbolicLink(root.resolve("lib")) ? root.resolve("usr/lib") : root.resolve("lib");
        GuestRun.copyTree(kernel.modules(), lib.resolve("modules").resolve(r));
        HostCommand.of("chroot", root.toString(), "depmod", r).timeout(600).output();
    }

    /** Host name, fstab, a persistent journal (the test reads the crashed boot's), and no root password prompt to wait on. */
    private static void configure(Path root) {
        try {
            Files.writeString(root.resolve("etc/hostname"), HOSTNAME + "\n");
            Files.writeString(root.resolve("etc/fstab"), fstab());
            Files.createDirectories(root.resolve("var/log/journal"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteOthers(Path base) {
        try (Stream<Path> s = Files.list(base)) {
            for (Path p : s.toList()) {
                if (!p.getFileName().toString().equals("partial")) {
                    Progress.say("deleting the older systemd guest root " + p);
                    DebianKernels.deleteTree(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long treeBytes(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            List<Path> files = new ArrayList<>(s.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList());
            long sum = 0;
            for (Path f : files) {
                sum += Files.size(f);
            }
            return sum;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
