package org.kexkit.bin;

import java.io.IOException;
import java.util.OptionalLong;

/**
 * A crashed or running kernel's physical memory as every reader sees it, whatever holds it (a
 * vmcore, a kdump-compressed dump, /proc/kcore, a test's byte array): the seam between the
 * kernel memory model (page-table walks, struct pages, the printk ring, KHO's radix tree) and
 * the file formats, as libkdumpfile separates addrxlat from kdumpfile.
 */
public interface PhysicalMemory {
    /**
     * Copies {@code length} bytes at physical address {@code paddr} into {@code dst}.
     *
     * @return false if some byte lies outside the memory the source holds (a hole, or a page the
     *         source left out); dst is then undefined
     * @throws IOException if the source holds the bytes but cannot give them
     */
    boolean read(long paddr, byte[] dst, int at, int length) throws IOException;

    /** The file the memory comes from, for messages. */
    String name();

    /** One little-endian 64-bit value, or empty outside memory. */
    default OptionalLong readLong(long paddr) throws IOException {
        byte[] b = new byte[8];
        if (!read(paddr, b, 0, 8)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(LittleEndian.u64(b, 0));
    }

    /**
     * {@code length} bytes at {@code paddr}, for callers to whom missing memory is an error.
     *
     * @throws IOException naming the address when some byte is not in the source
     */
    default byte[] read(long paddr, int length) throws IOException {
        byte[] out = new byte[length];
        if (!read(paddr, out, 0, length)) {
            throw new IOException(name() + ": physical 0x" + Long.toHexString(paddr) + "+0x" + Integer.toHexString(length)
                    + " is not in the memory it holds");
        }
        return out;
    }
}
