package org.kexkit.kexec.sys;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

/** {@link LiveUpdateCalls} through libc with jnr-ffi; the ioctl structs are little-endian byte arrays. */
public final class NativeLiveUpdateCalls implements LiveUpdateCalls {
    /** O_RDWR | O_CLOEXEC (include/uapi/asm-generic/fcntl.h: 00000002 | 02000000 octal). */
    private static final int READ_WRITE_CLOSE_ON_EXEC = 02 | 02000000;
    /** SEEK_END (include/uapi/linux/fs.h). */
    private static final int SEEK_END = 2;

    public interface LibC {
        @SaveError
        int open(String path, int flags, int mode);

        @SaveError
        int ioctl(int fd, long request, @In @Out byte[] argument);

        @SaveError
        int memfd_create(String name, int flags);

        @SaveError
        long write(int fd, @In byte[] data, long count);

        @SaveError
        long pread(int fd, @Out byte[] buffer, long count, long offset);

        @SaveError
        long lseek(int fd, long offset, int whence);

        int close(int fd);
    }

    private final LibC libc;
    private final Runtime runtime;

    public NativeLiveUpdateCalls() {
        this.libc = LibraryLoader.create(LibC.class).load("c");
        this.runtime = Runtime.getRuntime(libc);
    }

    @Override
    public int openDevice() throws LuoCallException {
        return check("open " + LiveUpdateUapi.DEVICE, libc.open(LiveUpdateUapi.DEVICE, READ_WRITE_CLOSE_ON_EXEC, 0));
    }

    @Override
    public int createSession(int device, String name) throws LuoCallException {
        return sessionIoctl(device, LiveUpdateUapi.CREATE_SESSION, "LIVEUPDATE_IOCTL_CREATE_SESSION", name);
    }

    @Override
    public int retrieveSession(int device, String name) throws LuoCallException {
        return sessionIoctl(device, LiveUpdateUapi.RETRIEVE_SESSION, "LIVEUPDATE_IOCTL_RETRIEVE_SESSION", name);
    }

    private int sessionIoctl(int device, long request, String call, String name) throws LuoCallException {
        byte[] encoded = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer arg = struct(LiveUpdateUapi.SESSION_ARG_SIZE);
        arg.putInt(LiveUpdateUapi.SESSION_ARG_SIZE).putInt(-1).put(encoded);
        byte[] bytes = arg.array();
        check(call, libc.ioctl(device, request, bytes));
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(4);
    }

    @Override
    public void preserveFd(int session, int fd, long token) throws LuoCallException {
        fdIoctl(session, LiveUpdateUapi.PRESERVE_FD, "LIVEUPDATE_SESSION_PRESERVE_FD", fd, token);
    }

    @Override
    public int retrieveFd(int session, long token) throws LuoCallException {
        return fdIoctl(session, LiveUpdateUapi.RETRIEVE_FD, "LIVEUPDATE_SESSION_RETRIEVE_FD", -1, token);
    }

    private int fdIoctl(int session, long request, String call, int fd, long token) throws LuoCallException {
        byte[] bytes = struct(LiveUpdateUapi.FD_ARG_SIZE).putInt(LiveUpdateUapi.FD_ARG_SIZE).putInt(fd).putLong(token).array();
        check(call, libc.ioctl(session, request, bytes));
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(4);
    }

    @Override
    public void finish(int session) throws LuoCallException {
        byte[] bytes = struct(LiveUpdateUapi.FINISH_ARG_SIZE).putInt(LiveUpdateUapi.FINISH_ARG_SIZE).putInt(0).array();
        check("LIVEUPDATE_SESSION_FINISH", libc.ioctl(session, LiveUpdateUapi.FINISH, bytes));
    }

    @Override
    public int memfdCreate(String name) throws LuoCallException {
        return check("memfd_create", libc.memfd_create(name, LiveUpdateUapi.MFD_CLOEXEC));
    }

    @Override
    public void write(int fd, byte[] data, int length) throws LuoCallException {
        byte[] rest = data;
        long left = length;
        while (left > 0) {
            long n = libc.write(fd, rest, left);
            if (n < 0) {
                throw new LuoCallException("write", runtime.getLastError());
            }
            left -= n;
            if (left > 0) {
                // jnr-ffi passes arrays from their start: move the unwritten tail there
                rest = java.util.Arrays.copyOfRange(rest, (int) n, (int) n + (int) left);
            }
        }
    }

    @Override
    public int pread(int fd, byte[] buffer, long offset) throws LuoCallException {
        long n = libc.pread(fd, buffer, buffer.length, offset);
        if (n < 0) {
            throw new LuoCallException("pread", runtime.getLastError());
        }
        return (int) n;
    }

    @Override
    public long size(int fd) throws LuoCallException {
        long end = libc.lseek(fd, 0, SEEK_END);
        if (end < 0) {
            throw new LuoCallException("lseek", runtime.getLastError());
        }
        return end;
    }

    @Override
    public void close(int fd) {
        libc.close(fd);
    }

    private int check(String call, int result) throws LuoCallException {
        if (result < 0) {
            throw new LuoCallException(call, runtime.getLastError());
        }
        return result;
    }

    private static ByteBuffer struct(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
