package org.kexkit.kexec.luo;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.kexkit.kexec.KexecException;
import org.kexkit.kexec.sys.LiveUpdateCalls.LuoCallException;
import org.kexkit.kexec.sys.LiveUpdateCalls;

/**
 * The next kernel's side of {@link LuoPreserver}: retrieves the session and its index, copies
 * files out by name (checking size and SHA-256), and finishes the session. Once retrieved, the
 * session is finished by the kernel when its fd is closed (luo_session_release()), so a restore
 * that stops half-way still releases the files it did not copy.
 */
public final class LuoRestorer implements AutoCloseable {
    private static final int CHUNK = 1 << 20;

    private final LiveUpdateCalls calls;
    private final String session;
    private final int device;
    private final int sessionFd;
    private final LuoIndex index;

    private LuoRestorer(LiveUpdateCalls calls, String session, int device, int sessionFd, LuoIndex index) {
        this.calls = calls;
        this.session = session;
        this.device = device;
        this.sessionFd = sessionFd;
        this.index = index;
    }

    /** Opens /dev/liveupdate, retrieves the session and reads its index. */
    public static LuoRestorer retrieve(LiveUpdateCalls calls, String session) throws KexecException {
        int device = -1;
        int sessionFd = -1;
        try {
            device = calls.openDevice();
            sessionFd = calls.retrieveSession(device, session);
            int indexFd = calls.retrieveFd(sessionFd, LuoPreserver.INDEX_TOKEN);
            byte[] bytes;
            try {
                long size = calls.size(indexFd);
                if (size > CHUNK) {
                    throw new KexecException("LUO session '" + session + "': token 0 holds " + size
                            + " bytes, not a kexkit index (made by another program?)");
                }
                bytes = readAll(calls, indexFd, (int) size);
            } finally {
                calls.close(indexFd);
            }
            LuoIndex index = LuoIndex.parse(bytes).orElseThrow(() -> new KexecException("LUO session '" + session
                    + "': token 0 is not a kexkit index (the session was made by another program?)"));
            return new LuoRestorer(calls, session, device, sessionFd, index);
        } catch (LuoCallException e) {
            closeQuietly(calls, sessionFd, device);
            throw LuoFailure.explain(e, session);
        } catch (KexecException | RuntimeException e) {
            closeQuietly(calls, sessionFd, device);
            throw e;
        }
    }

    public LuoIndex index() {
        return index;
    }

    /** Writes the file preserved as {@code entry} to {@code out}; its size and SHA-256 must match the index. */
    public void copy(LuoIndex.Entry entry, OutputStream out) throws KexecException, IOException {
        int fd;
        try {
            fd = calls.retrieveFd(sessionFd, entry.token());
        } catch (LuoCallException e) {
            throw LuoFailure.explain(e, session);
        }
        try {
            MessageDigest digest = LuoPreserver.sha256();
            byte[] buffer = new byte[CHUNK];
            long offset = 0;
            int n;
            while ((n = calls.pread(fd, buffer, offset)) > 0) {
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
                offset += n;
            }
            String sha256 = HexFormat.of().formatHex(digest.digest());
            if (offset != entry.size() || !sha256.equals(entry.sha256())) {
                throw new KexecException("LUO session '" + session + "': " + entry.name() + " came back as " + offset
                        + " bytes with SHA-256 " + sha256 + ", the index says " + entry.size() + " bytes, " + entry.sha256());
            }
        } catch (LuoCallException e) {
            throw LuoFailure.explain(e, session);
        } finally {
            calls.close(fd);
        }
    }

    /** LIVEUPDATE_SESSION_FINISH: the kernel releases every file of the session, copied or not. */
    public void finish() throws KexecException {
        try {
            calls.finish(sessionFd);
        } catch (LuoCallException e) {
            throw LuoFailure.explain(e, session);
        }
    }

    @Override
    public void close() {
        closeQuietly(calls, sessionFd, device);
    }

    private static byte[] readAll(LiveUpdateCalls calls, int fd, int size) throws LuoCallException {
        byte[] out = new byte[size];
        int done = 0;
        while (done < size) {
            byte[] buffer = new byte[size - done];
            int n = calls.pread(fd, buffer, done);
            if (n == 0) {
                return java.util.Arrays.copyOf(out, done);
            }
            System.arraycopy(buffer, 0, out, done, n);
            done += n;
        }
        return out;
    }

    private static void closeQuietly(LiveUpdateCalls calls, int sessionFd, int device) {
        if (sessionFd >= 0) {
            calls.close(sessionFd);
        }
        if (device >= 0) {
            calls.close(device);
        }
    }
}
