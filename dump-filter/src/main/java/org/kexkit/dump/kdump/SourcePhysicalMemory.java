package org.kexkit.dump.kdump;

import java.io.IOException;
import org.kexkit.dump.memory.PhysicalMemory;

/**
 * Physical memory of any {@link VmcoreSource}, page by page, with a small
 * direct-mapped page cache: page-table walks and struct page reads alternate
 * between a few pages far apart, and without the cache each alternation would
 * cost a new read or mapped window (170 -> 60 ms classifying a 1 GiB vmcore when
 * this had a one-page cache over mapped windows). Pages come through the
 * source's streaming reader (pread with read-ahead for a saved file, mapped
 * windows for /proc/vmcore). Bytes in a memory hole or in a page the source no
 * longer holds cannot be read. Not thread-safe.
 */
public final class SourcePhysicalMemory implements PhysicalMemory, AutoCloseable {
    private final VmcoreSource source;
    private final VmcoreSource.PageReader reader;
    /** Cached pages: enough for a 5-level walk plus a batch of struct pages. */
    private static final int SLOTS = 64;

    private final int pageSize;
    private final byte[] pages;
    private final long[] cachedPfn = new long[SLOTS];

    public SourcePhysicalMemory(VmcoreSource source) throws IOException {
        this.source = source;
        // streaming: a batch of struct pages is physically contiguous, and batches follow each other
        this.reader = source.pageReader(true);
        this.pageSize = source.pageSize();
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
                if (!source.memory().backed(pfn) || source.excluded(pfn)) {
                    return false;
                }
                cachedPfn[slot] = -1; // a failed read leaves no stale page behind
                reader.read(pfn, pages, slot * pageSize);
                cachedPfn[slot] = pfn;
            }
            int in = (int) (a % pageSize);
            int n = Math.min(length - done, pageSize - in);
            System.arraycopy(pages, slot * pageSize + in, dst, at + done, n);
            done += n;
        }
        return true;
    }

    @Override
    public String name() {
        return source.name();
    }

    @Override
    public void close() {
        reader.close();
    }
}
