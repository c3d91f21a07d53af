package org.kexkit.kexec.luo;

import org.kexkit.kexec.Errno;
import org.kexkit.kexec.KexecException;
import org.kexkit.kexec.sys.LiveUpdateCalls.LuoCallException;
import org.kexkit.kexec.sys.LiveUpdateCalls;
import org.kexkit.kexec.sys.LiveUpdateUapi;

/**
 * Turns a failed LUO call into one line that says what it means, from the errnos the 7.2 handlers
 * return (kernel/liveupdate/luo_core.c, luo_session.c, luo_file.c).
 */
final class LuoFailure {
    static final int ENOENT = 2;
    static final int EACCES = 13;
    static final int EEXIST = 17;
    static final int ENOTTY = 25;
    static final int ENOSPC = 28;

    private LuoFailure() {
    }

    static KexecException explain(LuoCallException e, String session) {
        Errno errno = Errno.of(e.errno());
        String call = e.call();
        String reason;
        if (call.startsWith("open")) {
            reason = switch (e.errno()) {
                case ENOENT -> "the running kernel has no Live Update Orchestrator: it needs CONFIG_LIVEUPDATE and"
                        + " the command line options kho=on liveupdate=on";
                case Errno.EBUSY -> "another process holds it open (LUO allows one at a time)";
                case Errno.EPERM, EACCES -> "permission denied (run as root)";
                default -> errno.text();
            };
            return new KexecException("cannot open " + LiveUpdateUapi.DEVICE + ": " + reason + " (" + errno.name() + ")", e.errno());
        }
        reason = switch (e.errno()) {
            case EEXIST -> call.contains("CREATE_SESSION") ? "a LUO session named '" + session
                    + "' exists already (is another kexkit kexec -e --preserve running?)" : "the token is used twice";
            case ENOENT -> call.contains("RETRIEVE_SESSION") ? "no LUO session named '" + session
                    + "' was handed over (the previous kernel did not run kexkit kexec -e --preserve, or it was restored already)"
                    : call.contains("PRESERVE_FD") ? "no LUO file handler accepts a memfd (the kernel lacks CONFIG_LIVEUPDATE_MEMFD)"
                    : "no file was preserved under that token";
            case ENOSPC -> "the session is full";
            case ENOTTY -> "this kernel's /dev/liveupdate does not know the command (another LUO uAPI than Linux 7.2's)";
            case Errno.EINVAL -> call.contains("RETRIEVE_SESSION") ? "the session '" + session + "' was retrieved already"
                    : errno.text();
            default -> errno.text();
        };
        return new KexecException(call + " failed with " + errno.name() + ": " + reason, e.errno());
    }
}
