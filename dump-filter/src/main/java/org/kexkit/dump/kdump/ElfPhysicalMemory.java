package org.kexkit.dump.kdump;

import java.io.IOException;
import java.util.List;
import org.kexkit.dump.memory.PhysicalMemory;

/**
 * Physical memory of an ELF vmcore, page by page through the PT_LOADs, with a
 * small direct-mapped page cache: page-table walks and struct page reads
 * alternate between a few pages far apart. Pages are read with pread, not
 * mapped, since mapping a window per alternate access (and unmapping it) costs
 * far more than the read. Not thread-safe.
 */
public final class ElfPhysicalMemory implements PhysicalMemory, AutoCloseable {
    private final ElfVmcore vmcore;
    private final List<PfnRun> runs;
    private final ElfPageReader reader;
    /** Cached pages: enough for a 5-level walk plus a batch of struct pages. */
    private static final int SLOTS = 64;

    private final int pageSize;
    private final byte[] pages;
    private final long[] cachedPfn = new long[SLOTS];

    public ElfPhysicalMemory(ElfVmcore vmcore) throws IOException {
        this.vmcore = vmcore;
        this.runs = vmcore.memory().runs();
        this.reader = new ElfPageReader(vmcore.channel(), vmcore.pageSize(), false);
        this.pageSize = vmcore.pageSize();
        this.pages = new byte[SLOTS * pageSize];
        java.util.Arrays.fill(cachedPfn, -1);
    }

    @Override
    public boolean read(long paddr, byte[] dst, int at, int length) throws IOException {
        int done = 0;
        while (done < length) {
            long a = paddr + done;
            if (a < 0) {
                return false;
            }
            long pfn = a / pageSize;
            int slot = (int) (pfn % SLOTS);
            if (cachedPfn[slot] != pfn) {
                PfnRun run = find(pfn);
                if (run == null) {
                    return false;
                }
                cachedPfn[slot] = -1; // a failed read leaves no stale page behind
                reader.read(run.load(), pfn, pages, slot * pageSize);
                cachedPfn[slot] = pfn;
            }
            int in = (int) (a % pageSize);
            int n = Math.min(length - done, pageSize - in);
            System.arraycopy(pages, slot * pageSize + in, dst, at + done, n);
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
