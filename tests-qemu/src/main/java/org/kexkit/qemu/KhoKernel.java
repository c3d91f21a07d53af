package org.kexkit.qemu;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The KHO test kernel: Linux 7.2.13 tinyconfig with KEXEC_HANDOVER and LIVEUPDATE (Debian's own
 * kernels have neither). $KEXKIT_KHO_KERNEL names an image, or is "build" to use one built by
 * {@link KhoKernelBuilder}; otherwise shared/kernels/bzImage-kho beside the repository, built
 * (once, cached) when that is missing. No modules, no ACPI, no networking, gzip initramfs only.
 */
public final class KhoKernel {
    public static final String RELEASE = "7.2.13-kho";
    /** KEXKIT_KHO_KERNEL's value that asks for a built kernel instead of the shared image. */
    static final String BUILD = "build";

    private KhoKernel() {}

    public static GuestKernel locate(Path repo) {
        String explicit = System.getenv("KEXKIT_KHO_KERNEL");
        Path image;
        if (BUILD.equals(explicit)) {
            image = new KhoKernelBuilder(HarnessCache.fromEnvironment(), repo).ensure();
        } else if (explicit != null && !explicit.isBlank()) {
            image = Path.of(explicit);
            if (!Files.isRegularFile(image)) {
                throw new HarnessException("KEXKIT_KHO_KERNEL names " + image + ", which is not a file (or set it to \"build\")");
            }
        } else {
            image = repo.toAbsolutePath().normalize().resolveSibling("shared/kernels/bzImage-kho");
            if (!Files.isRegularFile(image)) {
                System.err.println("kexkit harness: no KHO test kernel at " + image + "; building one");
                image = new KhoKernelBuilder(HarnessCache.fromEnvironment(), repo).ensure();
            }
        }
        return new GuestKernel("7.2-kho", RELEASE, image, null, null);
    }
}
