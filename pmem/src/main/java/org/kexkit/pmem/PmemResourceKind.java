package org.kexkit.pmem;

import java.util.Optional;

/**
 * The /proc/iomem names of persistent memory (arch/x86/kernel/e820.c e820_type_to_string, and
 * drivers/acpi/nfit/core.c acpi_nfit_insert_resource for NVDIMM regions the firmware describes only
 * in the NFIT), with the e820 type each stands for.
 */
public enum PmemResourceKind {
    /** "Persistent Memory": e820 type 7 (E820_TYPE_PMEM), an NVDIMM region of the NFIT. */
    PERSISTENT_MEMORY("Persistent Memory", 7, "nfit"),
    /** "Persistent Memory (legacy)": e820 type 12 (E820_TYPE_PRAM), memmap=nn!ss or old firmware. */
    PERSISTENT_MEMORY_LEGACY("Persistent Memory (legacy)", 12, "legacy");

    private final String iomemName;
    private final int e820Type;
    private final String token;

    PmemResourceKind(String iomemName, int e820Type, String token) {
        this.iomemName = iomemName;
        this.e820Type = e820Type;
        this.token = token;
    }

    public String iomemName() {
        return iomemName;
    }

    public int e820Type() {
        return e820Type;
    }

    /** The word kexkit's layout text uses for the kind. */
    public String token() {
        return token;
    }

    /** The kind a /proc/iomem line's name is, if it is persistent memory. */
    public static Optional<PmemResourceKind> ofIomemName(String name) {
        for (PmemResourceKind k : values()) {
            if (k.iomemName.equals(name)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    public static Optional<PmemResourceKind> ofToken(String token) {
        for (PmemResourceKind k : values()) {
            if (k.token.equals(token)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
