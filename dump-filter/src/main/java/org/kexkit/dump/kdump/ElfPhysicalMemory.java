package org.kexkit.dump.kdump;

import java.io.IOException;
import org.kexkit.dump.memory.PhysicalMemory;

/** Physical memory of an ELF vmcore: {@link SourcePhysicalMemory} over an {@link ElfVmcore}. Not thread-safe. */
public final class ElfPhysicalMemory implements PhysicalMemory, AutoCloseable {
    private final SourcePhysicalMemory memory;

    public ElfPhysicalMemory(ElfVmcore vmcore) throws IOException {
        this.memory = new SourcePhysicalMemory(vmcore);
    }

    @Override
    public boolean read(long paddr, byte[] dst, int at, int length) throws IOException {
        return memory.read(paddr, dst, at, length);
    }

    @Override
    public String name() {
        return memory.name();
    }

    @Override
    public void close() {
        memory.close();
    }
}
