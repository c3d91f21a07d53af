package org.kexkit.dump;

/** A dump could not be written; the message is one line for users and says what was left behind. */
public final class DumpException extends Exception {
    private static final long serialVersionUID = 1L;

    public DumpException(String message, Throwable cause) {
        super(message, cause);
    }

    public DumpException(String message) {
        super(message);
    }
}
