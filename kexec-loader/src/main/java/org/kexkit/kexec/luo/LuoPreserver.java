package org.kexkit.kexec.luo;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.kexkit.kexec.KexecException;
import org.kexkit.kexec.sys.LiveUpdateCalls.LuoCallException;
import org.kexkit.kexec.sys.LiveUpdateCalls;
import org.kexkit.kexec.sys.LiveUpdateUapi;

/**
 * Hands files to the next kernel through LUO: one session, each file's contents in a memfd
 * preserved under tokens 1..N, and a {@link LuoIndex} memfd under token 0 that names them. The
 * session fd must stay open until reboot(LINUX_REBOOT_CMD_KEXEC): closing it makes the kernel
 * unpreserve every file (luo_session_release()), which is also what happens if the reboot fails
 * and kexkit exits.
 */
public final class LuoPreserver {
    /** The session kexkit uses unless told otherwise. */
    public static final String DEFAULT_SESSION = "kexkit";
    /** Where the index lives; files follow from 1 in the order given. */
    public static final long INDEX_TOKEN = 0;

    /** One file to hand over, and the name it comes back under in the next kernel. */
    public record Request(String name, Path file) {
    }

    /** What stays open until the kexec; {@link #close()} gives up the preservation. */
    public static final class Preserved implements AutoCloseable {
        private final LiveUpdateCalls calls;
        private final List<Integer> fds;
        private final LuoIndex index;

        Preserved(LiveUpdateCalls calls, List<Integer> fds, LuoIndex index) {
            this.calls = calls;
            this.fds = List.copyOf(fds);
            this.index = index;
        }

        public LuoIndex index() {
            return index;
        }

        @Override
        public void close() {
            for (int i = fds.size() - 1; i >= 0; i--) {
                calls.close(fds.get(i));
            }
        }
    }

    private static final int CHUNK = 1 << 20;

    private final LiveUpdateCalls calls;
    private final String session;

    public LuoPreserver(LiveUpdateCalls calls, String session) {
        this.calls = calls;
        this.session = session;
    }

    /** Checks the requests without touching LUO: valid, distinct names and a session name that fits. */
    public static void validate(List<Request> requests, String session) throws KexecException {
        if (session.isEmpty() || session.getBytes(StandardCharsets.UTF_8).length >= LiveUpdateUapi.SESSION_NAME_LENGTH) {
            throw new KexecException("LUO session name '" + session + "' must be 1 to "
                    + (LiveUpdateUapi.SESSION_NAME_LENGTH - 1) + " bytes");
        }
        Set<String> seen = new HashSet<>();
        for (Request r : requests) {
            if (!LuoIndex.validName(r.name())) {
                throw new PreserveRefused(PreserveRefused.Problem.BAD_NAME, r, "");
            }
            if (!seen.add(r.name())) {
                throw new PreserveRefused(PreserveRefused.Problem.NAME_TWICE, r, "");
            }
        }
    }

    public Preserved preserve(List<Request> requests) throws KexecException, IOException {
        validate(requests, session);
        for (Request r : requests) {
            // Fail on an unreadable file before anything is handed to the kernel.
            try (InputStream in = new FileInputStream(r.file().toFile())) {
                in.read(new byte[0]);
            } catch (IOException e) {
                throw new PreserveRefused(PreserveRefused.Problem.UNREADABLE, r, reason(e));
            }
        }
        List<Integer> fds = new ArrayList<>();
        boolean done = false;
        try {
            fds.add(calls.openDevice());
            int sessionFd = calls.createSession(fds.get(0), session);
            fds.add(sessionFd);
            List<LuoIndex.Entry> entries = new ArrayList<>();
            long token = INDEX_TOKEN + 1;
            for (Request r : requests) {
                int memfd = calls.memfdCreate("kexkit:" + r.name());
                fds.add(memfd);
                long[] size = new long[1];
                String sha256 = copyIn(r, memfd, size);
                calls.preserveFd(sessionFd, memfd, token);
                entries.add(new LuoIndex.Entry(token, size[0], sha256, r.name()));
                token++;
            }
            LuoIndex index = new LuoIndex(entries);
            int indexFd = calls.memfdCreate("kexkit:luo-index");
            fds.add(indexFd);
            byte[] encoded = index.encode();
            calls.write(indexFd, encoded, encoded.length);
            calls.preserveFd(sessionFd, indexFd, INDEX_TOKEN);
            done = true;
            return new Preserved(calls, fds, index);
        } catch (LuoCallException e) {
            throw LuoFailure.explain(e, session);
        } finally {
            if (!done) {
                new Preserved(calls, fds, null).close();
            }
        }
    }

    private String copyIn(Request r, int memfd, long[] size) throws IOException, PreserveRefused {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[CHUNK];
        try (InputStream in = new FileInputStream(r.file().toFile())) {
            int n;
            while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
                digest.update(buffer, 0, n);
                calls.write(memfd, buffer, n);
                size[0] += n;
            }
        } catch (LuoCallException e) {
            throw e;
        } catch (IOException e) {
            PreserveRefused refused = new PreserveRefused(PreserveRefused.Problem.UNREADABLE, r, reason(e));
            refused.initCause(e);
            throw refused;
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String reason(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
