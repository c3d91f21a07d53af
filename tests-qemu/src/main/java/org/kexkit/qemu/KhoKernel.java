package org.kexkit.qemu;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The KHO test kernel: Linux 7.2.13 tinyconfig with KEXEC_HANDOVER and LIVEUPDATE (Debian's own
 * kernels have neither), from shared/kernels/bzImage-kho beside the repository or $KEXKIT_KHO_KERNEL.
 * No modules, no ACPI, no networking, gzip initramfs only.
 */
public final class KhoKernel {
    public static final String RELEASE = "7.2.13-kho";

    private KhoKernel() {}

    public static GuestKernel locate(Path repo) {
        String explicit = System.getenv("KEXKIT_KHO_KERNEL");
        Path image = explicit != null && !explicit.isBlank() ? Path.of(explicit)
                : repo.toAbsolutePath().normalize().resolveSibling("shared/kernels/bzImage-kho");
        if (!Files.isRegularFile(image)) {
            throw new HarnessException("the KHO test kernel is not at " + image
                    + " (shared/kernels/bzImage-kho beside the repository, or set KEXKIT_KHO_KERNEL)");
        }
        return new GuestKernel("7.2-kho", RELEASE, image, null, null);
    }
}
