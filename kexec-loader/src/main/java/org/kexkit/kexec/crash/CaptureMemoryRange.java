package org.kexkit.kexec.crash;

/** One entry of the capture kernel's memory map: struct boot_e820_entry {addr, size, type}. */
public record CaptureMemoryRange(long start, long size, E820Type type) {
    public CaptureMemoryRange {
        if (size <= 0) {
            throw new IllegalArgumentException("memory map entry at 0x" + Long.toHexString(start) + " has size " + size);
        }
    }

    public long end() {
        return start + size - 1;
    }
}
