package org.kexkit.kexec.luo;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kexkit.kexec.sys.LiveUpdateCalls;

/**
 * LUO as the 7.2 kernel behaves towards userspace, in memory: one opener of /dev/liveupdate,
 * sessions with tokens, memfds, and {@link #kexec()} handing the outgoing sessions to the
 * incoming side. Closing an outgoing session fd before the kexec unpreserves it, as the kernel does.
 */
final class FakeLiveUpdate implements LiveUpdateCalls {
    int deviceErrno;
    boolean deviceOpen;
    int nextFd = 10;
    final Map<Integer, ByteArrayOutputStream> memfds = new HashMap<>();
    final Map<Integer, String> sessionFds = new HashMap<>();
    final Map<String, Map<Long, byte[]>> outgoing = new LinkedHashMap<>();
    final Map<String, Map<Long, byte[]>> incoming = new LinkedHashMap<>();
    final Map<String, Boolean> retrieved = new HashMap<>();
    final Map<String, Boolean> finished = new HashMap<>();
    private final Map<Integer, Map<Long, Integer>> preservedFds = new HashMap<>();

    /** reboot(LINUX_REBOOT_CMD_KEXEC): memfds are frozen with the contents they have now. */
    void kexec() {
        incoming.clear();
        preservedFds.forEach((sessionFd, tokens) -> {
            Map<Long, byte[]> files = new LinkedHashMap<>();
            tokens.forEach((token, fd) -> files.put(token, memfds.get(fd).toByteArray()));
            incoming.put(sessionFds.get(sessionFd), files);
        });
        outgoing.clear();
        preservedFds.clear();
        sessionFds.clear();
        memfds.clear();
        deviceOpen = false;
    }

    @Override
    public int openDevice() throws LuoCallException {
        if (deviceErrno != 0) {
            throw new LuoCallException("open /dev/liveupdate", deviceErrno);
        }
        if (deviceOpen) {
            throw new LuoCallException("open /dev/liveupdate", 16);
        }
        deviceOpen = true;
        return 3;
    }

    @Override
    public int createSession(int device, String name) throws LuoCallException {
        if (outgoing.containsKey(name)) {
            throw new LuoCallException("LIVEUPDATE_IOCTL_CREATE_SESSION", 17);
        }
        outgoing.put(name, new LinkedHashMap<>());
        int fd = nextFd++;
        sessionFds.put(fd, name);
        preservedFds.put(fd, new LinkedHashMap<>());
        return fd;
    }

    @Override
    public int retrieveSession(int device, String name) throws LuoCallException {
        if (!incoming.containsKey(name)) {
            throw new LuoCallException("LIVEUPDATE_IOCTL_RETRIEVE_SESSION", 2);
        }
        if (retrieved.getOrDefault(name, false)) {
            throw new LuoCallException("LIVEUPDATE_IOCTL_RETRIEVE_SESSION", 22);
        }
        retrieved.put(name, true);
        int fd = nextFd++;
        sessionFds.put(fd, name);
        return fd;
    }

    @Override
    public void preserveFd(int session, int fd, long token) throws LuoCallException {
        Map<Long, Integer> tokens = preservedFds.get(session);
        if (tokens.containsKey(token)) {
            throw new LuoCallException("LIVEUPDATE_SESSION_PRESERVE_FD", 17);
        }
        tokens.put(token, fd);
    }

    @Override
    public int retrieveFd(int session, long token) throws LuoCallException {
        byte[] data = incoming.get(sessionFds.get(session)).get(token);
        if (data == null) {
            throw new LuoCallException("LIVEUPDATE_SESSION_RETRIEVE_FD", 2);
        }
        int fd = nextFd++;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(data);
        memfds.put(fd, b);
        return fd;
    }

    @Override
    public void finish(int session) {
        finished.put(sessionFds.get(session), true);
    }

    @Override
    public int memfdCreate(String name) {
        int fd = nextFd++;
        memfds.put(fd, new ByteArrayOutputStream());
        return fd;
    }

    @Override
    public void write(int fd, byte[] data, int length) {
        memfds.get(fd).write(data, 0, length);
    }

    @Override
    public int pread(int fd, byte[] buffer, long offset) {
        byte[] data = memfds.get(fd).toByteArray();
        int n = (int) Math.max(0, Math.min(buffer.length, data.length - offset));
        System.arraycopy(data, (int) offset, buffer, 0, n);
        return n;
    }

    @Override
    public long size(int fd) {
        return memfds.get(fd).size();
    }

    @Override
    public void close(int fd) {
        if (fd == 3) {
            deviceOpen = false;
        }
        String session = sessionFds.remove(fd);
        if (session != null && preservedFds.remove(fd) != null) {
            outgoing.remove(session); // luo_session_release(): unpreserve
        }
    }
}
