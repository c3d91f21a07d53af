package org.kexkit.kexec.image;

/** What a kexec segment holds; names the rows of the dry-run table and decides what is hashed. */
public enum SegmentKind {
    KERNEL("kernel"),
    INITRD("initrd"),
    BOOT_PARAMS("boot_params+cmdline"),
    PURGATORY("purgatory"),
    ELFCOREHDR("elfcorehdr"),
    EXTRA("extra"),
    /** The struct kho_scratch array the next kernel's kho_populate() reads (a kexec_load KHO handover). */
    KHO_SCRATCH("kho scratch array"),
    /** The KHO root FDT, the subtree blobs it names and the preserved-memory radix tree. */
    KHO_DATA("kho fdt+blobs+radix tree");

    private final String label;

    SegmentKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether the assembler takes this segment's content from {@link ImageParts#extras()}, in plan order. */
    public boolean extra() {
        return this == EXTRA || this == KHO_SCRATCH || this == KHO_DATA;
    }
}
