package org.kexkit.dump.usage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.kexkit.bin.FormatException;
import org.kexkit.bin.PhysRange;
import org.kexkit.dump.DumpException;
import org.kexkit.dump.input.VmcoreSources;
import org.kexkit.dump.memory.KernelMemoryModel;
import org.kexkit.dump.memory.VmcoreInfoLocation;
import org.kexkit.dump.source.SourcePhysicalMemory;
import org.kexkit.dump.source.VmcoreSource;

/**
 * makedumpfile --mem-usage: page counts per class of a kernel's memory in the live /proc/kcore
 * (which carries VMCOREINFO since Linux 4.19), a saved vmcore or a kdump-compressed dump.
 */
public final class MemoryUsageReader {
    /** x86-64's only page size. */
    static final int X86_64_PAGE_SIZE = 4096;

    private MemoryUsageReader() {
    }

    /**
     * @param exclude physical ranges to leave out of the count: the crash kernel's reservation on a
     *                live system, as makedumpfile does
     */
    public static MemoryUsage read(Path core, List<PhysRange> exclude) throws IOException, FormatException, DumpException {
        try (VmcoreSource source = VmcoreSources.openCore(core, exclude)) {
            VmcoreInfoLocation where = source.vmcoreInfoLocation().orElseThrow(() -> new DumpException(core
                    + ": no VMCOREINFO note (/proc/kcore has one from Linux 4.19), so pages cannot be classified"));
            if (source.pageSize() != X86_64_PAGE_SIZE) {
                throw where.error("PAGESIZE", source.pageSize() + " is not x86-64's 4096");
            }
            // Pages a source holds no content for (past a PT_LOAD's file data, left out of a kdump
            // file as zero pages) count as zero, as makedumpfile reads them.
            try (SourcePhysicalMemory memory = new SourcePhysicalMemory(source, SourcePhysicalMemory.Excluded.ZERO)) {
                KernelMemoryModel model = KernelMemoryModel.of(memory, source.directMapBase(), where, source.pageSize());
                return MemoryUsageScan.scan(memory, source.memory(), model);
            }
        }
    }
}
