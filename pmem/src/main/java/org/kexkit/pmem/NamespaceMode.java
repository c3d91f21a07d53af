package org.kexkit.pmem;

import java.util.Optional;

/**
 * What a namespace is used as, in ndctl's words (ndctl create-namespace --mode), with the claim
 * that makes it so: none (raw), a btt device (sector), a pfn device (fsdax) or a dax device
 * (devdax). The namespace's own sysfs {@code mode} attribute says raw, safe, memory or dax
 * (drivers/nvdimm/namespace_devs.c mode_show).
 */
public enum NamespaceMode {
    RAW("raw"),
    SECTOR("sector"),
    FSDAX("fsdax"),
    DEVDAX("devdax");

    private final String ndctlName;

    NamespaceMode(String ndctlName) {
        this.ndctlName = ndctlName;
    }

    /** ndctl's name for the mode. */
    public String ndctlName() {
        return ndctlName;
    }

    /** Only fsdax and devdax namespaces have struct pages, and so a memmap. */
    public boolean hasMemmap() {
        return this == FSDAX || this == DEVDAX;
    }

    public static Optional<NamespaceMode> ofNdctl(String name) {
        for (NamespaceMode m : values()) {
            if (m.ndctlName.equals(name)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** The mode an info block signature stands for. */
    public static NamespaceMode of(InfoBlockSignature signature) {
        return switch (signature) {
            case PFN -> FSDAX;
            case DAX -> DEVDAX;
            case BTT -> SECTOR;
        };
    }
}
