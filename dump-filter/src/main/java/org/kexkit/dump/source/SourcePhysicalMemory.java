package org.kexkit.dump.source;

import java.io.IOException;
import java.util.Arrays;
import org.kexkit.bin.PhysicalMemory;

/**
 * The one reader of a dump's physical memory: any {@link VmcoreSource} (an ELF vmcore,
 * /proc/kcore, a kdump-compressed file), page by page through the source's reader, with a small
 * direct-mapped page cache. Page-table walks and struct page reads alternate between a few pages
 * far apart; without the cache each alternation would cost a new read (170 -> 60 ms classifying a
 * 1 GiB vmcore when this had a one-page cache). Reads of whole pages skip the cache.
 *
 * <p>Bytes in a memory hole cannot be read. Pages the source holds no content for (a filtered
 * dump's excluded pages, a PT_LOAD's memory past its file data) follow {@link Excluded}: absent, as
 * the classifier and the KHO readers need them, or zero, as libkdumpfile's zero_excluded reads
 * them. Not thread-safe.
 */
public final class SourcePhysicalMemory implements PhysicalMemory, AutoCloseable {
    /** How a page the source left out reads. */
    public enum Excluded {
        /** Cannot be read, like a hole. */
        ABSENT,
        /** Reads as zeros. */
        ZERO
    }

    /** Cached pages: enough for a 5-level walk plus a batch of struct pages. */
    private static final int SLOTS = 64;

    private final VmcoreSource source;
    private final VmcoreSource.PageReader reader;
    private final Excluded excluded;
    private final int pageSize;
    private final byte[] pages;
    private final long[] cachedPfn = new long[SLOTS];

    /** Excluded pages are absent. */
    public SourcePhysicalMemory(VmcoreSource source) throws IOException {
        this(source, Excluded.ABSENT);
    }

    public SourcePhysicalMemory(VmcoreSource source, Excluded excluded) throws IOException {
        this.source = source;
        this.excluded = excluded;
        // streaming: a batch of struct pages is physically contiguous, and batches follow each other
        this.reader = source.pageReader(true);
        this.pageSize = source.pageSize();
        this.pages = new byte[SLOTS * pageSize];
        Arrays.fill(cachedPfn, -1);
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
            int in = (int) (a % pageSize);
            int n = Math.min(length - done, pageSize - in);
            if (!source.memory().backed(pfn)) {
                return false;
            }
            if (source.excluded(pfn)) {
                if (excluded == Excluded.ABSENT) {
                    return false;
                }
                Arrays.fill(dst, at + done, at + done + n, (byte) 0);
            } else if (n == pageSize) {
                reader.read(pfn, dst, at + done); // a whole page: straight into dst
            } else {
                int slot = (int) (pfn % SLOTS);
                if (cachedPfn[slot] != pfn) {
                    cachedPfn[slot] = -1; // a failed read leaves no stale page behind
                    reader.read(pfn, pages, slot * pageSize);
                    cachedPfn[slot] = pfn;
                }
                System.arraycopy(pages, slot * pageSize + in, dst, at + done, n);
            }
            done += n;
        }
        return true;
    }

    /** As {@link PhysicalMemory#read(long, int)}, saying in the source's terms why bytes are missing. */
    @Override
    public byte[] read(long paddr, int length) throws IOException {
        byte[] out = new byte[length];
        if (!read(paddr, out, 0, length)) {
            throw new IOException(String.format("%s: physical address 0x%x: %s", source.name(), paddr,
                    source.absenceText(length)));
        }
        return out;
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
