package org.kexkit.kexec.system;

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
    /** "Persistent Memory": e820 type 7, an NVDIMM region. */
    PERSISTENT_MEMORY,
    /** "Persistent Memory (legacy)": e820 type 12, memmap=nn!ss. */
    PERSISTENT_MEMORY_LEGACY,
    /** "GART": the AMD aperture; never dumped (reads may hang the machine). */
    GART,
    OTHER;

    public static IomemKind of(String name) {
        if (name.contains("System RAM")) {
            return SYSTEM_RAM;
        }
        return switch (name) {
            case "Crash kernel" -> CRASH_KERNEL;
            case "Kernel code" -> KERNEL_CODE;
            case "Kernel data" -> KERNEL_DATA;
            case "Kernel bss" -> KERNEL_BSS;
            case "Reserved", "reserved" -> RESERVED;
            case "ACPI Tables" -> ACPI_TABLES;
            case "ACPI Non-volatile Storage" -> ACPI_NVS;
            case "Persistent Memory" -> PERSISTENT_MEMORY;
            case "Persistent Memory (legacy)" -> PERSISTENT_MEMORY_LEGACY;
            case "GART" -> GART;
            default -> OTHER;
        };
    }
}
