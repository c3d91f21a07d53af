package org.kexkit.kexec.system;

import java.util.Optional;
import org.kexkit.pmem.PmemResourceKind;

/**
 * The /proc/iomem names kexec cares about, matched the way kexec-tools
 * matches them (kexec/arch/i386/crashdump-x86.c get_crash_memory_ranges,
 * kexec-x86-common.c): REFERENCE 4.3 step 2.
 */
public enum IomemKind {
    /** Any name containing "System RAM", e.g. "System RAM (kmem)", "System RAM (virtio_mem)". */
    SYSTEM_RAM,
    /** "Crash kernel": the crashkernel= reservation; x86 may have a low and a high one. */
    CRASH_KERNEL,
    KERNEL_CODE,
    KERNEL_DATA,
    KERNEL_BSS,
    /** "Reserved" (e820 reserved, kernels since 4.x) or "reserved" (older kernels, memblock). */
    RESERVED,
    ACPI_TABLES,
    ACPI_NVS,
    /** Persistent memory, e820 type 7: the pmem module knows its names ({@link PmemResourceKind}). */
    PERSISTENT_MEMORY,
    /** Legacy persistent memory, e820 type 12 (memmap=nn!ss). */
    PERSISTENT_MEMORY_LEGACY,
    /** "GART": the AMD aperture; never dumped (reads may hang the machine). */
    GART,
    OTHER;

    public static IomemKind of(String name) {
        if (name.contains("System RAM")) {
            return SYSTEM_RAM;
        }
        Optional<PmemResourceKind> pmem = PmemResourceKind.ofIomemName(name);
        if (pmem.isPresent()) {
            return pmem.get() == PmemResourceKind.PERSISTENT_MEMORY ? PERSISTENT_MEMORY : PERSISTENT_MEMORY_LEGACY;
        }
        return switch (name) {
            case "Crash kernel" -> CRASH_KERNEL;
            case "Kernel code" -> KERNEL_CODE;
            case "Kernel data" -> KERNEL_DATA;
            case "Kernel bss" -> KERNEL_BSS;
            case "Reserved", "reserved" -> RESERVED;
            case "ACPI Tables" -> ACPI_TABLES;
            case "ACPI Non-volatile Storage" -> ACPI_NVS;
            case "GART" -> GART;
            default -> OTHER;
        };
    }
}
