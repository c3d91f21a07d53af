package org.kexkit.kexec.sys;

import java.io.IOException;
import java.nio.file.Path;

/** Opens the raw file descriptors kexec_file_load takes; an interface so tests need no native code. */
public interface FdOpener {
    /** Opens {@code path} read-only (close-on-exec) and returns the descriptor. */
    int openReadOnly(Path path) throws IOException;

    void close(int fd);
}
