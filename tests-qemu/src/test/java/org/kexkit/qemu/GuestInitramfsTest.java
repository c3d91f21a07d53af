package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GuestInitramfsTest {
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
