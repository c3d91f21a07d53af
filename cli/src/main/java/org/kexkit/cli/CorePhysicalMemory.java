package org.kexkit.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.kdump.PhysicalMemoryMap;
import org.kexkit.dump.usage.CoreFileMemory;
import org.kexkit.dump.usage.RamLoads;
import org.kexkit.elfcore.ElfCore;
import org.kexkit.elfcore.ElfCoreReader;
import org.kexkit.elfcore.ProgramHeader;
import org.kexkit.kho.PhysicalMemory;

/**
 * A kernel's physical memory as an ELF core holds it (a vmcore, /proc/kcore, QEMU's
 * dump-guest-memory), for the KHO readers: the PT_LOADs with a physical address, read as
 * dump-filter's --mem-usage reads them. An address no load holds is a one-line error.
 */
final class CorePhysicalMemory implements PhysicalMemory, AutoCloseable {
    private static final int PAGE_SIZE = 4096;

    private final FileChannel channel;
    private final String name;
    private final CoreFileMemory memory;

    private CorePhysicalMemory(FileChannel channel, String name, CoreFileMemory memory) {
        this.channel = channel;
        this.name = name;
        this.memory = memory;
    }

    static CorePhysicalMemory open(Path core) throws IOException, FormatException {
        FileChannel channel = FileChannel.open(core, StandardOpenOption.READ);
        try {
            ElfCore elf = ElfCoreReader.read(channel, core.toString());
            List<ProgramHeader> loads = RamLoads.select(elf.loads(), List.of());
            if (loads.isEmpty()) {
                throw new CommandFailure(core + ": no PT_LOAD with a physical address, so no physical memory to read");
            }
            return new CorePhysicalMemory(channel, core.toString(),
                    new CoreFileMemory(channel, core.toString(), PhysicalMemoryMap.of(loads, PAGE_SIZE)));
        } catch (IOException | FormatException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public byte[] read(long address, int length) throws IOException {
        byte[] bytes = new byte[length];
        if (!memory.read(address, bytes, 0, length)) {
            throw new IOException(String.format("%s: physical address 0x%x: not in the core (no PT_LOAD with a"
                    + " physical address holds its 0x%x bytes)", name, address, length));
        }
        return bytes;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
