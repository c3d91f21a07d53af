package org.kexkit.dump.io;

import java.io.Closeable;
import java.io.IOException;

/** Random access to the bytes of a kdump-compressed file, plain or flattened. */
public interface DumpBytes extends Closeable {
    /** Size of the (reassembled) file. */
    long size();

    /** Reads exactly {@code length} bytes at {@code offset}; the caller has checked the range. */
    void read(long offset, byte[] dst, int at, int length) throws IOException;

    default byte[] read(long offset, int length) throws IOException {
        byte[] out = new byte[length];
        read(offset, out, 0, length);
        return out;
    }
}
