package org.kexkit.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KernelReleaseTest {
    @Test
    void firstWordOfTheKernelVersionString() {
        byte[] bz = new byte[0x800];
        System.arraycopy("HdrS".getBytes(StandardCharsets.US_ASCII), 0, bz, 0x202, 4);
        bz[0x20e] = 0x00;
        bz[0x20f] = 0x04;
        byte[] v = "7.2.13+deb14-cloud-amd64 (x@y) #1".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(v, 0, bz, 0x600, v.length);
        assertEquals(Optional.of("7.2.13+deb14-cloud-amd64"), KernelRelease.ofBzImage(bz));
        assertEquals(Optional.empty(), KernelRelease.ofBzImage(new byte[0x800]));
        bz[0x20f] = 0x7f; // points past the end
        assertEquals(Optional.empty(), KernelRelease.ofBzImage(bz));
    }
}
