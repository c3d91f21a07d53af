package org.kexkit.dump.memory;

import org.kexkit.bin.PhysicalMemory;

/** Physical memory for tests: a byte array from physical address 0; reads past its end fail. */
public final class ByteArrayMemory implements PhysicalMemory {
    private final byte[] ram;
    private final String name;

    /** Reads see later writes to {@code ram}: the array is not copied. */
    public ByteArrayMemory(byte[] ram, String name) {
        this.ram = ram;
        this.name = name;
    }

    @Override
    public boolean read(long paddr, byte[] dst, int at, int length) {
        if (paddr < 0 || paddr + length > ram.length) {
            return false;
        }
        System.arraycopy(ram, (int) paddr, dst, at, length);
        return true;
    }

    @Override
    public String name() {
        return name;
    }
}
