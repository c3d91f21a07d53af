package org.kexkit.dump.io;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where a kdump-compressed file's bytes go: a seekable file, or a flattened
 * stream in which every write becomes an (offset, size) record.
 */
public interface DumpSink {
    /** Writes all of {@code data} at {@code offset} of the (reassembled) file. */
    void write(long offset, ByteBuffer data) throws IOException;

    /**
     * True when bytes already written can be rewritten in place: then the writer
     * reserves the descriptor table early (so it can always be completed on a
     * full disk) and can mark an interrupted dump incomplete.
     */
    boolean seekable();

    /**
     * Makes every byte written so far durable before the next write (fsync for a file): what the
     * writer orders, power loss keeps in that order. Nothing to do for a stream.
     */
    default void sync() throws IOException {
    }

    /** Called once when the dump is complete (flattened: the end marker). */
    void finish() throws IOException;

    /** Total bytes handed to {@link #write}. */
    long bytesWritten();
}
