package org.kexkit.kdump;

import java.io.OutputStream;
import java.nio.file.Path;

/** What writes a capture's files from /proc/vmcore: the makedumpfile engine, driven by the cli. */
public interface CaptureDumper {
    /** The crashed kernel's log as text (makedumpfile --dump-dmesg). */
    byte[] kernelLog() throws Exception;

    /** Writes the kdump-compressed dump to {@code file} (0600, complete or under a partial name); a one-line summary. */
    String dumpToFile(Path file) throws Exception;

    /** Writes the dump as makedumpfile's flattened stream (-F) to {@code out}; a one-line summary. */
    String dumpFlattened(OutputStream out) throws Exception;
}
