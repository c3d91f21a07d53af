package org.kexkit.kho.fdt;

/** struct fdt_reserve_entry: one memory reservation (big-endian u64 address and size). */
public record ReserveEntry(long address, long size) {
}
