package org.kexkit.capture;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The release a bzImage was built as, from its setup header (the kernel's Documentation/arch/x86/boot.rst):
 * "HdrS" at 0x202, and kernel_version at 0x20e, a pointer (less 0x200) to "RELEASE (builder) #N ..." text.
 */
public final class KernelRelease {
    static final int HEADER_MAGIC = 0x202;
    static final int KERNEL_VERSION = 0x20e;

    private KernelRelease() {
    }

    /** The first word of the version string, or empty when the image has no such header. */
    public static Optional<String> ofBzImage(byte[] head) {
        if (head.length < KERNEL_VERSION + 2
                || !new String(head, HEADER_MAGIC, 4, StandardCharsets.US_ASCII).equals("HdrS")) {
            return Optional.empty();
        }
        int at = ((head[KERNEL_VERSION] & 0xff) | (head[KERNEL_VERSION + 1] & 0xff) << 8) + 0x200;
        if (at <= 0x200 || at >= head.length) {
            return Optional.empty();
        }
        int end = at;
        while (end < head.length && head[end] > ' ' && head[end] < 0x7f) {
            end++;
        }
        return end > at ? Optional.of(new String(head, at, end - at, StandardCharsets.US_ASCII)) : Optional.empty();
    }
}
