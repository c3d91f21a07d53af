package org.kexkit.kexec.system;

import java.util.Map;
import java.util.OptionalLong;

/**
 * /sys/firmware/efi/systab: lines KEY=0xADDRESS (drivers/firmware/efi/efi.c
 * systab_show). Present only on EFI boots.
 */
public record EfiSystemTable(Map<String, Long> entries) {
    public EfiSystemTable {
        entries = Map.copyOf(entries);
    }

    /** The ACPI RSDP for acpi_rsdp=: ACPI20 when the firmware has it, else ACPI (1.0). */
    public OptionalLong acpiRsdp() {
        Long value = entries.containsKey("ACPI20") ? entries.get("ACPI20") : entries.get("ACPI");
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }
}
