package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KernelModulesTest {
    @Test
    void readsDependsFromModinfoStrings() {
        byte[] image = "\0\0license=GPL\0depends=virtio_ring,virtio\0vermagic=6.1\0".getBytes(StandardCharsets.US_ASCII);
        assertEquals(List.of("virtio_ring", "virtio"), KernelModules.depends(image));
    }

    @Test
    void emptyDependsMeansNone() {
        assertEquals(List.of(), KernelModules.depends("\0depends=\0name=x\0".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void ignoresDependsInsideAnotherString() {
        assertEquals(List.of(), KernelModules.depends("\0xdepends=a\0".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void guestConfigIsQuotedForTheShell() {
        assertEquals("A='x'\\''y'\nB='$HOME'\n", GuestInitramfs.shellAssignments(Map.of("B", "$HOME", "A", "x'y")));
    }

    @Test
    void majorMinorOfDebianReleases() {
        assertEquals("6.1", DebianKernels.majorMinor("6.1.0-56-cloud-amd64"));
        assertEquals("7.2", DebianKernels.majorMinor("7.2.13+deb14-cloud-amd64"));
    }
}
