package org.kexkit.kexec;

import org.kexkit.bin.OneLine;

/**
 * A kexec operation the kernel or the system refused; the message is one line meant for users
 * (control characters from file names or the system's files shown escaped, {@link OneLine}).
 * Subclasses carry the facts a front end needs to add its own advice.
 */
public class KexecException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int errno;

    public KexecException(String message, int errno) {
        super(OneLine.of(message));
        this.errno = errno;
    }

    public KexecException(String message) {
        this(message, 0);
    }

    /** The errno behind the failure, or 0 when it did not come from the kernel. */
    public int errno() {
        return errno;
    }
}
