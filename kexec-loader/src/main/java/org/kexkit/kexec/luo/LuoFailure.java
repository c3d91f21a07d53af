package org.kexkit.kexec.luo;

import org.kexkit.kexec.Errno;
import org.kexkit.kexec.KexecException;
import org.kexkit.kexec.sys.LiveUpdateCalls.LuoCallException;
import org.kexkit.kexec.sys.LiveUpdateUapi;

/**
 * A LUO call the kernel refused, with what its errno means there (from the errnos the 7.2
 * handlers return: kernel/liveupdate/luo_core.c, luo_session.c, luo_file.c). The message states
 * the fact; a front end adds advice from {@link #meaning()}.
 */
public final class LuoFailure extends KexecException {
    private static final long serialVersionUID = 1L;

    static final int ENOENT = 2;
    static final int EACCES = 13;
    static final int EEXIST = 17;
    static final int ENOTTY = 25;
    static final int ENOSPC = 28;

    /** What the refusal means for kexkit's use of LUO. */
    public enum Meaning {
        /** open: the running kernel has no LUO. */
        NO_LUO,
        /** open: another process holds /dev/liveupdate. */
        DEVICE_BUSY,
        /** open: not root. */
        NOT_PERMITTED,
        /** CREATE_SESSION: a session of that name exists (another preserve is under way or done). */
        SESSION_EXISTS,
        /** RETRIEVE_SESSION: the previous kernel handed no session of that name over, or it was restored. */
        NO_SESSION_HANDED_OVER,
        /** RETRIEVE_SESSION: the session was retrieved before. */
        SESSION_RETRIEVED_ALREADY,
        /** Any other refusal; the message names the errno. */
        OTHER
    }

    private final String call;
    private final String session;
    private final Meaning meaning;

    private LuoFailure(String message, LuoCallException cause, String session, Meaning meaning) {
        super(message, cause.errno());
        initCause(cause);
        this.call = cause.call();
        this.session = session;
        this.meaning = meaning;
    }

    /** The call that failed, e.g. LIVEUPDATE_IOCTL_CREATE_SESSION. */
    public String call() {
        return call;
    }

    public String session() {
        return session;
    }

    public Meaning meaning() {
        return meaning;
    }

    static LuoFailure explain(LuoCallException e, String session) {
        Errno errno = Errno.of(e.errno());
        String call = e.call();
        if (call.startsWith("open")) {
            Meaning meaning = switch (e.errno()) {
                case ENOENT -> Meaning.NO_LUO;
                case Errno.EBUSY -> Meaning.DEVICE_BUSY;
                case Errno.EPERM, EACCES -> Meaning.NOT_PERMITTED;
                default -> Meaning.OTHER;
            };
            String reason = switch (meaning) {
                case NO_LUO -> "the running kernel has no Live Update Orchestrator: it needs CONFIG_LIVEUPDATE and"
                        + " the command line options kho=on liveupdate=on";
                case DEVICE_BUSY -> "another process holds it open (LUO allows one at a time)";
                case NOT_PERMITTED -> "permission denied (run as root)";
                default -> errno.text();
            };
            return new LuoFailure("cannot open " + LiveUpdateUapi.DEVICE + ": " + reason + " (" + errno.name() + ")", e,
                    session, meaning);
        }
        Meaning meaning = Meaning.OTHER;
        String reason;
        switch (e.errno()) {
            case EEXIST -> {
                boolean create = call.contains("CREATE_SESSION");
                meaning = create ? Meaning.SESSION_EXISTS : Meaning.OTHER;
                reason = create ? "a LUO session named '" + session + "' exists already" : "the token is used twice";
            }
            case ENOENT -> {
                if (call.contains("RETRIEVE_SESSION")) {
                    meaning = Meaning.NO_SESSION_HANDED_OVER;
                    reason = "no LUO session named '" + session + "' was handed over";
                } else {
                    reason = call.contains("PRESERVE_FD") ? "no LUO file handler accepts a memfd (the kernel lacks"
                            + " CONFIG_LIVEUPDATE_MEMFD)" : "no file was preserved under that token";
                }
            }
            case ENOSPC -> reason = "the session is full";
            case ENOTTY -> reason = "this kernel's /dev/liveupdate does not know the command (another LUO uAPI than"
                    + " Linux 7.2's)";
            case Errno.EINVAL -> {
                boolean retrieve = call.contains("RETRIEVE_SESSION");
                meaning = retrieve ? Meaning.SESSION_RETRIEVED_ALREADY : Meaning.OTHER;
                reason = retrieve ? "the session '" + session + "' was retrieved already" : errno.text();
            }
            default -> reason = errno.text();
        }
        return new LuoFailure(call + " failed with " + errno.name() + ": " + reason, e, session, meaning);
    }
}
