package org.kexkit.kexec.sys;

import java.io.IOException;
import java.nio.file.Path;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import org.kexkit.kexec.Errno;

/** open(2) and close(2) through jnr-posix. */
public final class NativeFdOpener implements FdOpener {
    /** O_RDONLY | O_CLOEXEC (include/uapi/asm-generic/fcntl.h: 00000000 | 02000000 octal). */
    private static final int READ_ONLY_CLOSE_ON_EXEC = 0 | 02000000;

    private final POSIX posix = POSIXFactory.getNativePOSIX();

    @Override
    public int openReadOnly(Path path) throws IOException {
        int fd = posix.open(path.toString(), READ_ONLY_CLOSE_ON_EXEC, 0);
        if (fd < 0) {
            Errno errno = Errno.of(posix.errno());
            throw new IOException(path + ": cannot open: " + errno.describe());
        }
        return fd;
    }

    @Override
    public void close(int fd) {
        posix.close(fd);
    }
}
