package org.kexkit.dump.kdump;

import java.io.IOException;
import java.util.List;

/**
 * Pages of an ELF vmcore by pfn: finds the pfn's PT_LOAD (the last one found
 * first, since reads come in ascending runs) and reads it through an
 * {@link ElfPageReader}.
 */
final class ElfRunPageReader implements VmcoreSource.PageReader {
    private final ElfPageReader reader;
    private final PhysicalMemoryMap memory;
    private final List<PfnRun> runs;
    private int last;

    ElfRunPageReader(ElfPageReader reader, PhysicalMemoryMap memory) {
        this.reader = reader;
        this.memory = memory;
        this.runs = memory.runs();
    }

    @Override
    public void read(long pfn, byte[] dst, int at) throws IOException {
        PfnRun run = find(pfn);
        if (run == null) {
            throw new IOException("pfn 0x" + Long.toHexString(pfn) + " is in no PT_LOAD");
        }
        reader.read(run.load(), pfn, dst, at);
    }

    /** The run holding {@code pfn}, or null in a memory hole. */
    PfnRun find(long pfn) {
        if (!runs.isEmpty()) {
            PfnRun r = runs.get(last);
            if (pfn >= r.start() && pfn < r.end()) {
                return r;
            }
        }
        int i = memory.runIndex(pfn);
        if (i < 0) {
            return null;
        }
        last = i;
        return runs.get(i);
    }

    @Override
    public void close() {
        reader.close();
    }
}
