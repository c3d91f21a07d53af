package org.kexkit.fuzz;

import org.kexkit.bin.PhysicalMemory;

/** A fuzz input as physical memory from address 0; reads outside it find no memory. */
final class ArrayMemory implements PhysicalMemory {
    private final byte[] ram;

    ArrayMemory(byte[] ram) {
        this.ram = ram;
    }

    @Override
    public boolean read(long paddr, byte[] dst, int at, int length) {
        if (paddr < 0 || length < 0 || paddr > ram.length - (long) length) {
            return false;
        }
        System.arraycopy(ram, (int) paddr, dst, at, length);
        return true;
    }

    @Override
    public String name() {
        return "image";
    }
}
