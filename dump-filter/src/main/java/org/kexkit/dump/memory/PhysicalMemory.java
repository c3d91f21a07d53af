package org.kexkit.dump.memory;

import java.io.IOException;

/**
 * Physical memory as the kernel memory model sees it, whatever file format holds
 * it (the libkdumpfile addrxlat / kdumpfile seam). The ELF vmcore source implements it.
 */
public interface PhysicalMemory {
    /**
     * Copies {@code length} bytes at physical address {@code paddr} into {@code dst}.
     *
     * @return false if some byte lies outside the memory the source holds
     */
    boolean read(long paddr, byte[] dst, int at, int length) throws IOException;

    /** The file the memory comes from, for error messages. */
    String name();

    /** One little-endian 64-bit value, or empty outside memory. */
    default java.util.OptionalLong readLong(long paddr) throws IOException {
        byte[] b = new byte[8];
        if (!read(paddr, b, 0, 8)) {
            return java.util.OptionalLong.empty();
        }
        return java.util.OptionalLong.of(Bytes.u64(b, 0));
    }
}
