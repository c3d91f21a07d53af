package org.kexkit.dump.kdump;

import org.kexkit.dump.codec.PageCodec;
/**
 * Up to {@link #CAPACITY} consecutive dumped pages on their way through the
 * pipeline: read (page bytes), then encoded (stored bytes per page), then written.
 */
final class PageBatch {
    /** Pages per batch: 128 pages = 512 KiB of input with 4 KiB pages. */
    static final int CAPACITY = 128;

    /** How a page is stored. */
    enum Kind { RAW, COMPRESSED, ZERO, UNREADABLE }

    final int pageSize;
    final long[] pfns = new long[CAPACITY];
    final byte[] pages;
    final Kind[] kinds = new Kind[CAPACITY];
    /** Stored length per page, and the codec flag of compressed pages. */
    final int[] lengths = new int[CAPACITY];
    final int[] flags = new int[CAPACITY];
    /** The stored bytes of all pages, back to back; at most one page each. */
    final byte[] stored;
    int storedLength;
    int count;

    PageBatch(int pageSize) {
        this.pageSize = pageSize;
        this.pages = new byte[CAPACITY * pageSize];
        this.stored = new byte[CAPACITY * pageSize];
    }

    boolean full() {
        return count == CAPACITY;
    }

    /** Encodes every page: unreadable ones stay so, zero pages are found, the rest compressed or raw. */
    void encode(PageCodec.Compressor compressor, boolean findZeroPages, int codecFlag, byte[] scratch) {
        storedLength = 0;
        for (int i = 0; i < count; i++) {
            int at = i * pageSize;
            if (kinds[i] == Kind.UNREADABLE) {
                lengths[i] = 0;
                continue;
            }
            if (findZeroPages && isZero(pages, at, pageSize)) {
                kinds[i] = Kind.ZERO;
                lengths[i] = 0;
                continue;
            }
            int n = compressor == null ? -1 : compressor.compress(pages, at, pageSize, scratch);
            if (n > 0 && n < pageSize) {
                System.arraycopy(scratch, 0, stored, storedLength, n);
                kinds[i] = Kind.COMPRESSED;
                flags[i] = codecFlag;
                lengths[i] = n;
            } else {
                // not smaller: stored raw with flags 0 and size page_size (write_kdump_pages_cyclic)
                System.arraycopy(pages, at, stored, storedLength, pageSize);
                kinds[i] = Kind.RAW;
                flags[i] = 0;
                lengths[i] = pageSize;
            }
            storedLength += lengths[i];
        }
    }

    /** All-zero pages, compared against for {@link #isZero}. */
    private static final byte[] ZEROS = new byte[64 << 10];

    /**
     * Arrays.mismatch compares eight bytes at a time (ArraysSupport.vectorizedMismatch), which
     * the byte loop it replaces did not do under C1: the check was half the CPU of a -d 31 dump.
     */
    static boolean isZero(byte[] data, int at, int length) {
        for (int done = 0; done < length; done += ZEROS.length) {
            int n = Math.min(ZEROS.length, length - done);
            if (java.util.Arrays.mismatch(data, at + done, at + done + n, ZEROS, 0, n) >= 0) {
                return false;
            }
        }
        return true;
    }
}
