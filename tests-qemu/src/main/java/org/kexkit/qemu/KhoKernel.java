package org.kexkit.qemu;

import java.nio.file.Files;
import java.nio.file.Path;
import org.kexkit.qemu.run.QemuRunException;

/**
 * The KHO test kernel: Linux 7.2.13 tinyconfig with KEXEC_HANDOVER and LIVEUPDATE (Debian's own
 * kernels have neither). $KEXKIT_KHO_KERNEL names an image, or is "build" to use one built by
 * {@link KhoKernelBuilder}; otherwise the image kept in the repository, test-kernels/kho/bzImage-kho.
 * No modules, no ACPI, no networking, gzip initramfs only.
 */
public final class KhoKernel {
    public static final String RELEASE = "7.2.13-kho";
    /** KEXKIT_KHO_KERNEL's value that asks for a built kernel instead of the repository's image. */
    static final String BUILD = "build";

    private KhoKernel() {}

    /** test-kernels/kho: the image, its config fragment and where it came from (README.md). */
    static Path directory(Path repo) {
        return repo.toAbsolutePath().normalize().resolve("test-kernels/kho");
    }

    public static GuestKernel locate(Path repo) {
        String explicit = System.getenv("KEXKIT_KHO_KERNEL");
        Path image;
        if (BUILD.equals(explicit)) {
            image = new KhoKernelBuilder(HarnessCache.fromEnvironment(), repo).ensure();
        } else if (explicit != null && !explicit.isBlank()) {
            image = Path.of(explicit);
            if (!Files.isRegularFile(image)) {
                throw new QemuRunException("KEXKIT_KHO_KERNEL names " + image + ", which is not a file (or set it to \"build\")");
            }
        } else {
            image = directory(repo).resolve("bzImage-kho");
            if (!Files.isRegularFile(image)) {
                throw new QemuRunException("the KHO test kernel is not at " + image
                        + " (set KEXKIT_KHO_KERNEL=build to build one, about 5 minutes)");
            }
        }
        return new GuestKernel("7.2-kho", RELEASE, image, null, null);
    }
}
