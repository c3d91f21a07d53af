package org.kexkit.dump.kdump;

import java.io.IOException;
import java.util.List;
import org.kexkit.dump.memory.PhysicalMemory;

/**
 * Physical memory of an ELF vmcore, page by page through the PT_LOADs (a
 * one-page cache, since struct page and page-table reads come in runs).
 * Not thread-safe.
 */
public final class ElfPhysicalMemory implements PhysicalMemory, AutoCloseable {
    private final ElfVmcore vmcore;
    private final List<PfnRun> runs;
    private final ElfPageReader reader;
    private final byte[] page;
    private long cachedPfn = -1;

    public ElfPhysicalMemory(ElfVmcore vmcore) throws IOException {
        this.vmcore = vmcore;
        this.runs = vmcore.memory().runs();
        this.reader = new ElfPageReader(vmcore.channel(), vmcore.pageSize(), true);
        this.page = new byte[vmcore.pageSize()];
    }

    @Override
    public boolean read(long paddr, byte[] dst, int at, int length) throws IOException {
        int pageSize = page.length;
        int done = 0;
        while (done < length) {
            long a = paddr + done;
            if (a < 0) {
                return false;
            }
            long pfn = a / pageSize;
            if (pfn != cachedPfn) {
                PfnRun run = find(pfn);
                if (run == null) {
                    return false;
                }
                reader.read(run.load(), pfn, page, 0);
                cachedPfn = pfn;
            }
            int in = (int) (a % pageSize);
            int n = Math.min(length - done, pageSize - in);
            System.arraycopy(page, in, dst, at + done, n);
            done += n;
        }
        return true;
    }

    private PfnRun find(long pfn) {
        int lo = 0;
        int hi = runs.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            PfnRun r = runs.get(mid);
            if (pfn < r.start()) {
                hi = mid - 1;
            } else if (pfn >= r.end()) {
                lo = mid + 1;
            } else {
                return r;
            }
        }
        return null;
    }

    @Override
    public String name() {
        return vmcore.path().toString();
    }

    @Override
    public void close() {
        reader.close();
    }
}
