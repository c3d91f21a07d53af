package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure parts of the systemd guest's root: what debootstrap is asked for, and when the cached root is rebuilt. */
class SystemdRootTest {
    @Test
    void relationFieldsGiveThePackageNames() {
        assertEquals(List.of("libc6"), Debs.packageNames("libc6"));
        assertEquals(List.of("libc6", "libzstd1", "liblzo2-2", "python3"),
                Debs.packageNames("libc6 (>= 2.36), libzstd1 | zstd, liblzo2-2 [amd64], python3:any (<< 4) <!nocheck>"));
        assertEquals(List.of(), Debs.packageNames(""));
    }

    @Test
    void debootstrapAddsTheDebsPackagesToTheBaseOnce() {
        List<String> p = SystemdRoot.packages(List.of("libc6", "busybox-static", "libzstd1"));
        assertEquals(List.of("systemd", "systemd-sysv", "udev", "kmod", "busybox-static", "libc6", "libzstd1"), p);
        assertEquals(List.of("debootstrap", "--variant=minbase",
                        "--include=systemd,systemd-sysv,udev,kmod,busybox-static,libc6,libzstd1", "bookworm", "/c/partial",
                        "http://deb.debian.org/debian"),
                SystemdRoot.debootstrapArgv(p, Path.of("/c/partial"), "http://deb.debian.org/debian"));
    }

    @Test
    void aNewKernelOrPackageListMakesANewRoot() {
        List<String> p = SystemdRoot.packages(List.of("libc6"));
        String key = SystemdRoot.key("6.1.0-57-cloud-amd64", p);
        assertTrue(key.startsWith("bookworm-6.1.0-57-cloud-amd64-"), key);
        assertEquals(key, SystemdRoot.key("6.1.0-57-cloud-amd64", SystemdRoot.packages(List.of("libc6"))));
        assertNotEquals(key, SystemdRoot.key("6.1.0-58-cloud-amd64", p));
        assertNotEquals(key, SystemdRoot.key("6.1.0-57-cloud-amd64", SystemdRoot.packages(List.of("libc6", "libzstd1"))));
    }

    @Test
    void fstabMountsTheRootByLabelWithoutFsck() {
        assertEquals("LABEL=kexkit-root / ext4 rw,errors=remount-ro 0 0\n", SystemdRoot.fstab());
    }
}
