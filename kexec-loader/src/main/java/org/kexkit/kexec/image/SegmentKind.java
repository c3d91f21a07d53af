package org.kexkit.kexec.image;

/** What a kexec segment holds; names the rows of the dry-run table and decides what is hashed. */
public enum SegmentKind {
    KERNEL("kernel"),
    INITRD("initrd"),
    BOOT_PARAMS("boot_params+cmdline"),
    PURGATORY("purgatory"),
    ELFCOREHDR("elfcorehdr"),
    EXTRA("extra");

    private final String label;

    SegmentKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
