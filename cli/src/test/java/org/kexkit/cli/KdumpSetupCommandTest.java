package org.kexkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kexkit kdump setup on a recorded system: a virtio disk holding / (ext4), a module tree, a runtime tree. */
class KdumpSetupCommandTest {
    static final String RELEASE = "6.1.0-42-amd64";
    @TempDir
    Path root;
    CliEnvironment environment;
    Path tree;

    @BeforeEach
    void system() throws Exception {
        write("proc/sys/kernel/osrelease", RELEASE + "\n");
        write("proc/self/mountinfo", "21 26 0:20 / /proc rw - proc proc rw\n26 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n");
        Path disk = root.resolve("sys/devices/pci0000:00/0000:00:02.0/virtio1/block/vda");
        write("sys/devices/pci0000:00/0000:00:02.0/virtio1/block/vda/dev", "254:0\n");
        Files.createDirectories(root.resolve("sys/class/block"));
        Files.createSymbolicLink(root.resolve("sys/class/block/vda"), root.resolve("sys/class/block").relativize(disk));
        driver("sys/devices/pci0000:00/0000:00:02.0/virtio1", "virtio", "virtio_blk", "virtio_blk");
        driver("sys/devices/pci0000:00/0000:00:02.0", "pci", "virtio-pci", "virtio_pci");
        Files.createDirectories(root.resolve("dev"));
        Files.write(root.resolve("dev/vda"), ext4("root"));
        Path mods = root.resolve("lib/modules/" + RELEASE + "/kernel");
        module(mods, "drivers/block/virtio_blk.ko", "virtio_ring,virtio");
        module(mods, "drivers/virtio/virtio_ring.ko", "");
        module(mods, "drivers/virtio/virtio.ko", "");
        module(mods, "drivers/virtio/virtio_pci.ko", "virtio_ring,virtio");
        module(mods, "fs/ext4/ext4.ko", "jbd2,mbcache");
        module(mods, "fs/jbd2/jbd2.ko", "");
        module(mods, "fs/mbcache.ko", "");
        write("bin/busybox", "busybox");
        tree = root.resolve("usr/lib/kexkit");
        write("usr/lib/kexkit/bin/kexkit", "#!/bin/sh\n");
        write("usr/lib/kexkit/java/release", "JAVA_VERSION=\"25\"\n");
        write("usr/lib/kexkit/lib/cli.jar", "jar");
        write("boot/config-" + RELEASE, "CONFIG_RD_GZIP=y\n"); // no LZ4: a gzip image, easy to read back
        environment = new FakeKernel().environment(root);
    }

    @Test
    void buildsTheImageForTheRunningKernel() throws Exception {
        write("etc/kexkit/kdump.conf", "final_action poweroff\n");
        CliRun setup = CliRun.of(environment, "kdump", "setup", "--runtime", tree.toString());
        assertEquals(0, setup.exitCode(), setup.err());
        Path img = root.resolve("var/lib/kexkit/capture-" + RELEASE + ".img");
        assertTrue(setup.out().startsWith("kdump setup: wrote " + img + " ("), setup.out());
        assertTrue(setup.out().contains("gzip"), setup.out());
        assertTrue(setup.out().contains("  target:  UUID=10111213-1415-1617-1819-1a1b1c1d1e1f:/var/crash (ext4 on vda)\n"),
                setup.out());
        assertTrue(setup.out().contains("  modules: virtio_ring virtio virtio_blk virtio_pci jbd2 mbcache ext4\n"),
                setup.out());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(img)));
        Map<String, byte[]> files = cpio(new GZIPInputStream(Files.newInputStream(img)));
        for (String name : new String[] {"init", "bin/busybox", "bin/kexkit", "dev/console", "etc/kexkit/capture.conf",
            "usr/lib/kexkit/bin/kexkit", "usr/lib/kexkit/lib/cli.jar", "lib/modules/ext4.ko", "lib/modules/virtio_blk.ko"}) {
            assertTrue(files.containsKey(name), name + " in " + files.keySet());
        }
        assertEquals("virtio_ring\nvirtio\nvirtio_blk\nvirtio_pci\njbd2\nmbcache\next4\n", text(files, "lib/modules/load-order"));
        String conf = text(files, "etc/kexkit/kdump.conf");
        assertTrue(conf.startsWith("target UUID=10111213-1415-1617-1819-1a1b1c1d1e1f:/var/crash\n"), conf);
        assertTrue(conf.contains("final_action poweroff\n"), conf);
        assertEquals("TARGET_SPEC='UUID=10111213-1415-1617-1819-1a1b1c1d1e1f'\nTARGET_FSTYPE='ext4'\n"
                + "FAILURE_ACTION='reboot'\nRUNTIME_SPEC=''\nRUNTIME_FSTYPE=''\n", text(files, "etc/kexkit/capture.conf"));
        String init = text(files, "init");
        assertTrue(init.contains("kexkit kdump capture"), init);
        assertTrue(init.contains("mount -t \"$TARGET_FSTYPE\" -o rw"), init);
    }

    @Test
    void theRuntimeStaysOnItsDiskWithCaptureRuntimeDisk() throws Exception {
        write("etc/kexkit/kdump.conf", "capture_runtime disk\n");
        CliRun setup = CliRun.of(environment, "kdump", "setup", "--runtime", tree.toString());
        assertEquals(0, setup.exitCode(), setup.err());
        assertTrue(setup.out().contains("  runtime: UUID=10111213-1415-1617-1819-1a1b1c1d1e1f:/usr/lib/kexkit (ext4 on vda,"
                + " mounted read-only by the capture; not in the image)\n"), setup.out());
        Map<String, byte[]> files = cpio(new GZIPInputStream(Files.newInputStream(
                root.resolve("var/lib/kexkit/capture-" + RELEASE + ".img"))));
        assertEquals("/mnt/runtime/usr/lib/kexkit", text(files, "usr/lib/kexkit"), "the tree's place points at the disk");
        assertFalse(files.keySet().stream().anyMatch(n -> n.startsWith("usr/lib/kexkit/")), files.keySet().toString());
        assertTrue(text(files, "etc/kexkit/capture.conf").endsWith("RUNTIME_SPEC='UUID=10111213-1415-1617-1819-1a1b1c1d1e1f'\n"
                + "RUNTIME_FSTYPE='ext4'\n"), text(files, "etc/kexkit/capture.conf"));
        assertTrue(text(files, "etc/kexkit/kdump.conf").contains("capture_runtime disk\n"));
        String init = text(files, "init");
        assertTrue(init.contains("mount -o bind /mnt/target /mnt/runtime") && init.contains("ext4) opts=ro,noload"), init);

        // a tree on no block device (a tmpfs, say) cannot be mounted by the capture
        write("proc/self/mountinfo", "26 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n"
                + "30 26 0:40 / /usr/lib rw - tmpfs tmpfs rw\n");
        CliRun tmpfs = CliRun.of(environment, "kdump", "setup", "--runtime", tree.toString());
        assertEquals(1, tmpfs.exitCode());
        assertEquals("kexkit: capture_runtime disk: the runtime tree /usr/lib/kexkit: on /usr/lib (tmpfs, 0:40): not a block"
                + " device the capture can mount; use capture_runtime image; nothing written", tmpfs.errLine());
    }

    @Test
    void ifStaleBuildsOnlyWhenTheImageIsMissingOrOlderThanItsInputs() throws Exception {
        write("etc/kexkit/kdump.conf", "final_action poweroff\n");
        write("boot/vmlinuz-" + RELEASE, "kernel");
        Path img = root.resolve("var/lib/kexkit/capture-" + RELEASE + ".img");
        CliRun first = CliRun.of(environment, "kdump", "setup", "--runtime", tree.toString(), "--if-stale");
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.out().startsWith("kdump setup: wrote " + img), first.out());

        java.nio.file.attribute.FileTime past = java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(img).toMillis() - 60_000);
        for (String input : new String[] {"etc/kexkit/kdump.conf", "boot/vmlinuz-" + RELEASE, "usr/lib/kexkit/bin/kexkit"}) {
            Files.setLastModifiedTime(root.resolve(input), past);
        }
        CliRun kept = CliRun.of(environment, "kdump", "setup", "--runtime", tree.toString(), "--if-stale");
        assertEquals(0, kept.exitCode(), kept.err());
        assertEquals("kdump setup: " + img + " is current (newer than kdump.conf, the kernel and the kexkit tree); kept\n",
                kept.out());

        for (String input : new String[] {"etc/kexkit/kdump.conf", "boot/vmlinuz-" + RELEASE, "usr/lib/kexkit/bin/kexkit"}) {
            Files.setLastModifiedTime(img, past);
            Files.setLastModifiedTime(root.resolve(input), java.nio.file.attribute.FileTime.fromMillis(past.toMillis() + 1000));
            CliRun rebuilt = CliRun.of(environment, "kdump", "setup", "--runtime", tree.toString(), "--if-stale");
            assertTrue(rebuilt.out().startsWith("kdump setup: wrote " + img), input + " newer: " + rebuilt.out());
            Files.setLastModifiedTime(root.resolve(input), past);
        }
    }

    @Test
    void theTreeIsTheOneTheLauncherNames() throws Exception {
        write("etc/kexkit/kdump.conf", "");
        Path out = root.resolve("out/capture.img");
        try {
            System.setProperty(KdumpSetupCommand.HOME_PROPERTY, tree.toString());
            CliRun setup = CliRun.of(environment, "kdump", "setup", "--output", out.toString());
            assertEquals(0, setup.exitCode(), setup.err());
            assertTrue(cpio(new GZIPInputStream(Files.newInputStream(out))).containsKey("usr/lib/kexkit/lib/cli.jar"));

            System.setProperty(KdumpSetupCommand.HOME_PROPERTY, root.resolve("nowhere").toString());
            CliRun none = CliRun.of(environment, "kdump", "setup", "--output", out.toString());
            assertEquals(1, none.exitCode());
            assertTrue(none.errLine().startsWith("kexkit: kexkit is not running from a runtime tree"), none.errLine());
        } finally {
            System.clearProperty(KdumpSetupCommand.HOME_PROPERTY);
        }
    }

    @Test
    void aLabelTargetAndAnOutputFile() throws Exception {
        write("etc/kexkit/kdump.conf", "target LABEL=root:/crash\n");
        Path out = root.resolve("out/capture.img");
        CliRun setup = CliRun.of(environment, "kdump", "setup", "--runtime", tree.toString(), "--output", out.toString());
        assertEquals(0, setup.exitCode(), setup.err());
        String conf = text(cpio(new GZIPInputStream(Files.newInputStream(out))), "etc/kexkit/kdump.conf");
        assertTrue(conf.startsWith("target LABEL=root:/crash\n"), conf);
    }

    @Test
    void anSshTargetBringsTheNetworkTheClientTheKeyAndTheHostKey() throws Exception {
        sshSystem();
        write("etc/kexkit/kdump.conf", "target ssh kd@10.0.2.2:/srv/crash\nssh_port 2222\ncapture_runtime disk\n");
        CliRun setup = CliRun.of(environment, "kdump", "setup", "--runtime", tree.toString());
        assertEquals(0, setup.exitCode(), setup.err());
        assertTrue(setup.out().contains("  target:  ssh kd@10.0.2.2:/srv/crash (port 2222, key /root/.ssh/kdump_id_rsa,"
                + " host key from /root/.ssh/known_hosts)\n  network: eth0 (DHCP in the capture; ssh /usr/bin/ssh)\n"),
                setup.out());
        // the NIC's driver and its bus's, with dependencies; the runtime disk's too
        assertTrue(setup.out().contains("  modules: failover net_failover virtio_ring virtio virtio_net virtio_pci"
                + " virtio_blk jbd2 mbcache ext4\n"), setup.out());
        Map<String, byte[]> files = cpio(new GZIPInputStream(Files.newInputStream(
                root.resolve("var/lib/kexkit/capture-" + RELEASE + ".img"))));
        for (String name : new String[] {"usr/bin/ssh", "etc/kexkit/udhcpc.sh", "etc/passwd", "etc/nsswitch.conf",
            "root/.ssh/kdump_id_rsa", "root/.ssh/known_hosts", "lib/modules/virtio_net.ko"}) {
            assertTrue(files.containsKey(name), name + " in " + files.keySet());
        }
        assertEquals("PRIVATE KEY\n", text(files, "root/.ssh/kdump_id_rsa"));
        assertEquals("[10.0.2.2]:2222 ssh-ed25519 AAAAhost\n", text(files, "root/.ssh/known_hosts"),
                "only the target's host key lines");
        assertTrue(text(files, "etc/passwd").startsWith("root:x:0:0:root:/root:"));
        String conf = text(files, "etc/kexkit/kdump.conf");
        assertTrue(conf.startsWith("target ssh kd@10.0.2.2:/srv/crash\nssh_key /root/.ssh/kdump_id_rsa\nssh_port 2222\n"),
                conf);
        String settings = text(files, "etc/kexkit/capture.conf");
        assertTrue(settings.startsWith("TARGET_SPEC=''\nTARGET_FSTYPE=''\n") && settings.endsWith("NETWORK='dhcp'\n"),
                settings);
        String init = text(files, "init");
        assertTrue(init.contains("udhcpc -i \"$n\"") && init.contains("export PATH=/bin:/usr/bin"), init);

        // --if-stale: a newer known_hosts (a changed host key) makes a new image
        Path img = root.resolve("var/lib/kexkit/capture-" + RELEASE + ".img");
        java.nio.file.attribute.FileTime past = java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(img).toMillis() - 60_000);
        for (String input : new String[] {"etc/kexkit/kdump.conf", "usr/lib/kexkit/bin/kexkit", "root/.ssh/kdump_id_rsa",
            "root/.ssh/known_hosts"}) {
            Files.setLastModifiedTime(root.resolve(input), past);
        }
        CliRun kept = CliRun.of(environment, "kdump", "setup", "--runtime", tree.toString(), "--if-stale");
        assertTrue(kept.out().endsWith("the ssh key and known_hosts); kept\n"), kept.out());
        Files.setLastModifiedTime(root.resolve("root/.ssh/known_hosts"), java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(img).toMillis() + 1000));
        CliRun rebuilt = CliRun.of(environment, "kdump", "setup", "--runtime", tree.toString(), "--if-stale");
        assertTrue(rebuilt.out().startsWith("kdump setup: wrote " + img), rebuilt.out());
    }

    @Test
    void anSshTargetIsRefusedWithoutClientKeyKnownHostKeyOrInterface() throws Exception {
        sshSystem();
        write("etc/kexkit/kdump.conf", "target ssh kd@10.0.2.2:/srv/crash\n");
        CliRun unknown = CliRun.of(environment, "kdump", "setup", "--runtime", tree.toString());
        assertEquals(1, unknown.exitCode());
        assertEquals("kexkit: target ssh kd@10.0.2.2:/srv/crash: the host key of 10.0.2.2 is in neither"
                + " /root/.ssh/known_hosts nor /etc/ssh/ssh_known_hosts; connect once as root (ssh -i"
                + " /root/.ssh/kdump_id_rsa -p 22 kd@10.0.2.2) and check the key: the capture never accepts an unknown"
                + " host key; nothing written", unknown.errLine());

        write("etc/ssh/ssh_known_hosts", "10.0.2.2 ssh-ed25519 AAAAsystem\n");
        write("etc/kexkit/kdump.conf", "target ssh kd@10.0.2.2:/srv/crash\nssh_key /etc/kexkit/id\n");
        CliRun key = CliRun.of(environment, "kdump", "setup", "--runtime", tree.toString());
        assertEquals(1, key.exitCode());
        assertEquals("kexkit: target ssh kd@10.0.2.2:/srv/crash: no private key /etc/kexkit/id (ssh_key); make one with"
                + " ssh-keygen -f /etc/kexkit/id and add its .pub to kd@10.0.2.2's authorized_keys; nothing written",
                key.errLine());

        write("etc/kexkit/kdump.conf", "target ssh kd@10.0.2.2:/srv/crash\n");
        Files.delete(root.resolve("sys/class/net/eth0/device"));
        CliRun nic = CliRun.of(environment, "kdump", "setup", "--runtime", tree.toString());
        assertEquals(1, nic.exitCode());
        assertEquals("kexkit: target ssh kd@10.0.2.2:/srv/crash: no network interface with a device in /sys/class/net"
                + " (is its driver loaded?); nothing written", nic.errLine());

        Files.delete(root.resolve("usr/bin/ssh"));
        CliRun client = CliRun.of(environment, "kdump", "setup", "--runtime", tree.toString());
        assertEquals(1, client.exitCode());
        assertEquals("kexkit: target ssh kd@10.0.2.2:/srv/crash: no ssh client (/usr/bin/ssh, /bin/ssh); install"
                + " openssh-client; nothing written", client.errLine());
        assertFalse(Files.exists(root.resolve("var/lib/kexkit/capture-" + RELEASE + ".img")));
    }

    /** A virtio NIC (eth0) and lo, the ssh client, root's key and known_hosts. */
    private void sshSystem() throws IOException {
        Path nic = root.resolve("sys/devices/pci0000:00/0000:00:03.0/virtio2");
        write("sys/devices/pci0000:00/0000:00:03.0/virtio2/net/eth0/address", "52:54:00:12:34:56\n");
        write("sys/devices/virtual/net/lo/address", "00:00:00:00:00:00\n");
        Files.createDirectories(root.resolve("sys/class/net"));
        Files.createSymbolicLink(root.resolve("sys/class/net/eth0"), root.resolve("sys/class/net").relativize(
                nic.resolve("net/eth0")));
        Files.createSymbolicLink(root.resolve("sys/class/net/lo"), root.resolve("sys/class/net").relativize(
                root.resolve("sys/devices/virtual/net/lo")));
        Files.createSymbolicLink(nic.resolve("net/eth0/device"), nic.resolve("net/eth0").relativize(nic));
        driver("sys/devices/pci0000:00/0000:00:03.0/virtio2", "virtio", "virtio_net", "virtio_net");
        driver("sys/devices/pci0000:00/0000:00:03.0", "pci", "virtio-pci", "virtio_pci");
        Path mods = root.resolve("lib/modules/" + RELEASE + "/kernel");
        module(mods, "drivers/net/virtio_net.ko", "net_failover,virtio_ring,virtio");
        module(mods, "drivers/net/net_failover.ko", "failover");
        module(mods, "net/core/failover.ko", "");
        write("usr/bin/ssh", "ssh");
        write("root/.ssh/kdump_id_rsa", "PRIVATE KEY\n");
        write("root/.ssh/known_hosts", "backup ssh-ed25519 AAAAother\n[10.0.2.2]:2222 ssh-ed25519 AAAAhost\n");
    }

    @Test
    void refusals() throws Exception {
        write("etc/kexkit/kdump.conf", "target LABEL=elsewhere\n");
        CliRun label = CliRun.of(environment, "kdump", "setup", "--runtime", tree.toString());
        assertEquals(1, label.exitCode());
        assertEquals("kexkit: target LABEL=elsewhere: no block device under " + root.resolve("sys/class/block")
                + " has it; nothing written", label.errLine());

        write("etc/kexkit/kdump.conf", "");
        Files.delete(root.resolve("bin/busybox"));
        CliRun busybox = CliRun.of(environment, "kdump", "setup", "--runtime", tree.toString());
        assertEquals(1, busybox.exitCode());
        assertEquals("kexkit: busybox not found (/usr/bin/busybox, /bin/busybox, /usr/sbin/busybox, /sbin/busybox):"
                + " install busybox-static (Debian) or busybox, or give --busybox FILE; nothing written", busybox.errLine());

        CliRun noTree = CliRun.of(environment, "kdump", "setup", "--runtime", root.resolve("nowhere").toString(),
                "--busybox", root.resolve("etc/kexkit/kdump.conf").toString());
        assertEquals(1, noTree.exitCode());
        assertEquals("kexkit: " + root.resolve("nowhere") + ": not a kexkit runtime tree (no bin/kexkit and java/);"
                + " nothing written", noTree.errLine());

        Files.delete(root.resolve("lib/modules/" + RELEASE + "/kernel/fs/jbd2/jbd2.ko"));
        CliRun module = CliRun.of(environment, "kdump", "setup", "--runtime", tree.toString(),
                "--busybox", root.resolve("etc/kexkit/kdump.conf").toString());
        assertEquals(1, module.exitCode());
        assertEquals("kexkit: module jbd2 is neither in " + root.resolve("lib/modules/" + RELEASE)
                + " nor built in; nothing written", module.errLine());
        assertFalse(Files.exists(root.resolve("var/lib/kexkit/capture-" + RELEASE + ".img")));
    }

    @Test
    void theReleaseOfAGivenKernelComesFromItsSetupHeader() throws Exception {
        byte[] bz = new byte[0x1000];
        System.arraycopy("HdrS".getBytes(StandardCharsets.US_ASCII), 0, bz, 0x202, 4);
        bz[0x20e] = 0x00;
        bz[0x20f] = 0x08; // string at 0x800 + 0x200
        byte[] v = (RELEASE + " (debian-kernel@lists.debian.org) #1 SMP").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(v, 0, bz, 0xa00, v.length);
        Files.write(root.resolve("vmlinuz"), bz);
        write("etc/kexkit/kdump.conf", "");
        write("proc/sys/kernel/osrelease", "7.0.0-other\n");
        CliRun setup = CliRun.of(environment, "kdump", "setup", "--runtime", tree.toString(), "--kernel",
                root.resolve("vmlinuz").toString());
        assertEquals(0, setup.exitCode(), setup.err());
        assertTrue(setup.out().contains(" for " + RELEASE + "\n"), setup.out());
    }

    private void driver(String device, String bus, String driver, String module) throws IOException {
        Path d = root.resolve("sys/bus/" + bus + "/drivers/" + driver);
        Files.createDirectories(d);
        Files.createDirectories(root.resolve("sys/module/" + module));
        if (!Files.exists(d.resolve("module"), java.nio.file.LinkOption.NOFOLLOW_LINKS)) { // one driver, many devices
            Files.createSymbolicLink(d.resolve("module"), d.relativize(root.resolve("sys/module/" + module)));
        }
        Path dev = root.resolve(device);
        Files.createSymbolicLink(dev.resolve("driver"), dev.relativize(d));
    }

    private void write(String file, String text) throws IOException {
        Files.createDirectories(root.resolve(file).getParent());
        Files.writeString(root.resolve(file), text);
    }

    private static void module(Path dir, String file, String depends) throws IOException {
        Files.createDirectories(dir.resolve(file).getParent());
        Files.write(dir.resolve(file), ("\u007fELF\0depends=" + depends + "\0").getBytes(StandardCharsets.US_ASCII));
    }

    private static String text(Map<String, byte[]> files, String name) {
        return new String(files.get(name), StandardCharsets.UTF_8);
    }

    /** The entries of a newc cpio: name -> data. */
    static Map<String, byte[]> cpio(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        Map<String, byte[]> files = new LinkedHashMap<>();
        int at = 0;
        while (true) {
            String h = new String(all, at, 110, StandardCharsets.US_ASCII);
            assertEquals("070701", h.substring(0, 6));
            int size = Integer.parseInt(h.substring(6 + 6 * 8, 6 + 7 * 8), 16);
            int nameSize = Integer.parseInt(h.substring(6 + 11 * 8, 6 + 12 * 8), 16);
            String name = new String(all, at + 110, nameSize - 1, StandardCharsets.UTF_8);
            int data = (at + 110 + nameSize + 3) & ~3;
            if (name.equals("TRAILER!!!")) {
                return files;
            }
            files.put(name, new ByteArrayInputStream(all, data, size).readAllBytes());
            at = (data + size + 3) & ~3;
        }
    }

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
}
