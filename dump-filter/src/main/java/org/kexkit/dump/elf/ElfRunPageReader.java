package org.kexkit.dump.elf;

import java.io.IOException;
import java.util.List;
import org.kexkit.dump.source.PfnRun;
import org.kexkit.dump.source.PhysicalMemoryMap;
import org.kexkit.dump.source.VmcoreSource;

/**
 * Pages of an ELF vmcore by pfn: finds the pfn's run (the last one found first, since reads come
 * in ascending runs), the run's PT_LOAD, and reads it through an {@link ElfPageReader}.
 */
final class ElfRunPageReader implements VmcoreSource.PageReader {
    private final ElfPageReader reader;
    private final ElfVmcore vmcore;
    private final PhysicalMemoryMap memory;
    private final List<PfnRun> runs;
    private int last;

    ElfRunPageReader(ElfPageReader reader, ElfVmcore vmcore) {
        this.reader = reader;
        this.vmcore = vmcore;
        this.memory = vmcore.memory();
        this.runs = memory.runs();
    }

    @Override
    public void read(long pfn, byte[] dst, int at) throws IOException {
        int run = find(pfn);
        if (run < 0) {
            throw new IOException(vmcore.name() + ": pfn 0x" + Long.toHexString(pfn) + " is in no PT_LOAD");
        }
        reader.read(vmcore.runLoad(run), pfn, dst, at);
    }

    /** The index of the run holding {@code pfn}, or -1 in a memory hole. */
    private int find(long pfn) {
        if (!runs.isEmpty()) {
            PfnRun r = runs.get(last);
            if (pfn >= r.start() && pfn < r.end()) {
                return last;
            }
        }
        int i = memory.runIndex(pfn);
        if (i >= 0) {
            last = i;
        }
        return i;
    }

    @Override
    public void close() {
        reader.close();
    }
}
