package org.kexkit.kexec.system;

import org.kexkit.bin.PhysRange;

/**
 * One /sys/firmware/memmap/N entry: the firmware's e820 map as the kernel got
 * it at boot, before its own changes (drivers/firmware/memmap.c). {@code type}
 * is the text the kernel prints: "System RAM", "Reserved", "ACPI Tables",
 * "ACPI Non-volatile Storage", "Persistent Memory", "Unknown E820 type", ...
 */
public record FirmwareMemmapEntry(int index, PhysRange range, String type) {
}
