package org.kexkit.dump;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.kdump.PhysicalMemoryMap;
import org.kexkit.dump.memory.KernelMemoryModel;
import org.kexkit.dump.memory.VmcoreInfoLocation;
import org.kexkit.dump.usage.CoreFileMemory;
import org.kexkit.dump.usage.MemoryUsage;
import org.kexkit.dump.usage.MemoryUsageScan;
import org.kexkit.dump.usage.RamLoads;
import org.kexkit.elfcore.ElfCore;
import org.kexkit.elfcore.ElfCoreReader;
import org.kexkit.elfcore.PhysRange;
import org.kexkit.elfcore.ProgramHeader;

/**
 * makedumpfile --mem-usage: page counts per class of the memory in an ELF core, the live
 * /proc/kcore (which carries VMCOREINFO since Linux 4.19) or a saved vmcore.
 */
public final class MemoryUsageReader {
    /** x86-64's only page size, when VMCOREINFO has no PAGESIZE. */
    static final int DEFAULT_PAGE_SIZE = 4096;

    private MemoryUsageReader() {
    }

    /**
     * @param exclude physical ranges to leave out of the count: the crash kernel's reservation on a
     *                live system, as makedumpfile does
     */
    public static MemoryUsage read(Path core, List<PhysRange> exclude) throws IOException, FormatException, DumpException {
        try (FileChannel channel = FileChannel.open(core, StandardOpenOption.READ)) {
            ElfCore elf = ElfCoreReader.read(channel, core.toString());
            VmcoreInfoLocation where = VmcoreInfoLocation.of(elf).orElseThrow(() -> new DumpException(core
                    + ": no VMCOREINFO note (/proc/kcore has one from Linux 4.19), so pages cannot be classified"));
            long pageSize = where.info().pageSize().orElse(DEFAULT_PAGE_SIZE);
            if (pageSize != DEFAULT_PAGE_SIZE) {
                throw where.error("PAGESIZE", pageSize + " is not x86-64's 4096");
            }
            List<ProgramHeader> loads = RamLoads.select(elf.loads(), exclude);
            if (loads.isEmpty()) {
                throw new DumpException(core + ": no PT_LOAD with a physical address, so no memory to count");
            }
            PhysicalMemoryMap map = PhysicalMemoryMap.of(loads, (int) pageSize);
            CoreFileMemory memory = new CoreFileMemory(channel, core.toString(), map);
            KernelMemoryModel model = KernelMemoryModel.of(memory, loads, where, (int) pageSize);
            return MemoryUsageScan.scan(memory, map, model);
        }
    }
}
