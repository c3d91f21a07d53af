package org.kexkit.kexec.sys;

import java.io.IOException;

/**
 * The system calls a LUO preserve or restore makes, each returning its result or throwing a
 * {@link LuoCallException} with the errno; behind an interface so that tests need no kernel.
 */
public interface LiveUpdateCalls {
    /** open(/dev/liveupdate, O_RDWR | O_CLOEXEC). */
    int openDevice() throws LuoCallException;

    /** LIVEUPDATE_IOCTL_CREATE_SESSION: the new session's fd. */
    int createSession(int device, String name) throws LuoCallException;

    /** LIVEUPDATE_IOCTL_RETRIEVE_SESSION: the handed-over session's fd. */
    int retrieveSession(int device, String name) throws LuoCallException;

    /** LIVEUPDATE_SESSION_PRESERVE_FD. */
    void preserveFd(int session, int fd, long token) throws LuoCallException;

    /** LIVEUPDATE_SESSION_RETRIEVE_FD: a new fd for the file preserved under {@code token}. */
    int retrieveFd(int session, long token) throws LuoCallException;

    /** LIVEUPDATE_SESSION_FINISH: the kernel gives up the session's preserved files. */
    void finish(int session) throws LuoCallException;

    /** memfd_create(name, MFD_CLOEXEC). */
    int memfdCreate(String name) throws LuoCallException;

    /** Writes all of {@code data[0..length)} at the fd's position. */
    void write(int fd, byte[] data, int length) throws LuoCallException;

    /** pread(2): up to {@code buffer.length} bytes at {@code offset}; 0 at the end. */
    int pread(int fd, byte[] buffer, long offset) throws LuoCallException;

    /** The file's size (lseek to the end). */
    long size(int fd) throws LuoCallException;

    void close(int fd);

    /** A failed call: which one and its errno. */
    final class LuoCallException extends IOException {
        private static final long serialVersionUID = 1L;

        private final String call;
        private final int errno;

        public LuoCallException(String call, int errno) {
            super(call + " failed with errno " + errno);
            this.call = call;
            this.errno = errno;
        }

        public String call() {
            return call;
        }

        public int errno() {
            return errno;
        }
    }
}
