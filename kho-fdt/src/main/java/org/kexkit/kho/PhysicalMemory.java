package org.kexkit.kho;

import java.io.IOException;

/**
 * Reads the previous kernel's physical memory (a vmcore, /dev/mem, a test's map): what the
 * preserved-memory radix tree and LUO's session pages need, since the FDT holds only their addresses.
 */
@FunctionalInterface
public interface PhysicalMemory {
    /** {@code length} bytes at physical {@code address}; an IOException if they are not available. */
    byte[] read(long address, int length) throws IOException;
}
