package org.kexkit.pmem;

import java.io.IOException;

/**
 * Raw bytes of a namespace from its start, as the namespace's own block device gives them when
 * libnvdimm drives it in raw mode (no pfn, dax or btt device in between, so nothing rewrites the
 * info block or the memmap).
 */
public interface NamespaceBytes {
    /** Where the bytes come from, for messages (/dev/pmem0). */
    String name();

    /** Reads {@code length} bytes at {@code offset} into {@code dst} at {@code at}; short only at the end. */
    int read(long offset, byte[] dst, int at, int length) throws IOException;

    /** Exactly {@code length} bytes at {@code offset}, or an IOException naming the device and offset. */
    default byte[] readFully(long offset, int length) throws IOException {
        byte[] out = new byte[length];
        int done = 0;
        while (done < length) {
            int n = read(offset + done, out, done, length - done);
            if (n <= 0) {
                throw new IOException(String.format("%s: offset 0x%x: expected 0x%x bytes, the device ends after 0x%x",
                        name(), offset, length, done));
            }
            done += n;
        }
        return out;
    }
}
