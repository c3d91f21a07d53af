package org.kexkit.kdump;

/** Where the capture environment finds kexkit's runtime tree (kdump.conf's {@code capture_runtime}). */
public enum CaptureRuntime {
    /** Copied into the capture initramfs: needs no disk but its own, and holds ~65 MB of the capture kernel's RAM. */
    IMAGE("image"),
    /**
     * Run from the filesystem it is installed on, which the capture's init mounts read-only (as Debian's kdump-tools
     * runs makedumpfile from the root filesystem): its pages are page cache the capture kernel can drop.
     */
    DISK("disk");

    private final String word;

    CaptureRuntime(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }
}
