package org.kexkit.dump.kdump;

import java.io.IOException;
import org.kexkit.dump.memory.PhysicalMemory;

/**
 * Physical memory of any {@link VmcoreSource}, page by page (a one-page cache,
 * since struct page and page-table reads come in runs). Bytes in a memory hole
 * or in a page the source no longer holds cannot be read. Not thread-safe.
 */
public final class SourcePhysicalMemory implements PhysicalMemory, AutoCloseable {
    private final VmcoreSource source;
    private final VmcoreSource.PageReader reader;
    private final byte[] page;
    private long cachedPfn = -1;

    public SourcePhysicalMemory(VmcoreSource source) throws IOException {
        this.source = source;
        this.reader = source.pageReader(true);
        this.page = new byte[source.pageSize()];
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
                if (!source.memory().backed(pfn) || source.excluded(pfn)) {
                    return false;
                }
                reader.read(pfn, page, 0);
                cachedPfn = pfn;
            }
            int in = (int) (a % pageSize);
            int n = Math.min(length - done, pageSize - in);
            System.arraycopy(page, in, dst, at + done, n);
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
