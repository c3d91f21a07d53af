package org.kexkit.kdump;

import java.nio.file.Path;

/** Where the service keeps its files, relative to a system root ("/" on a running system). */
public final class KdumpPaths {
    /** The configuration, a conffile of the package. */
    public static final String CONFIG = "etc/kexkit/kdump.conf";
    /** What {@code kdump load} loaded, for {@code kdump status}; gone after a reboot, as the load is. */
    public static final String LOADED = "run/kexkit/kdump-loaded";
    /** The capture environments, one per kernel release. */
    public static final String CAPTURE_DIR = "var/lib/kexkit";

    private KdumpPaths() {
    }

    /** The capture environment for {@code release} (made by the capture-environment builder). */
    public static Path captureInitrd(String release) {
        return Path.of("/" + CAPTURE_DIR, "capture-" + release + ".img");
    }

    /** The running kernel's image under /boot, as Debian and Fedora install it. */
    public static Path kernelImage(String release) {
        return Path.of("/boot", "vmlinuz-" + release);
    }

    /** {@code absolute} read under {@code root}. */
    public static Path under(Path root, Path absolute) {
        return root.resolve(absolute.toString().replaceFirst("^/+", ""));
    }
}
