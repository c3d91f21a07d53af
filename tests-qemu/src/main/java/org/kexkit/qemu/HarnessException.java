package org.kexkit.qemu;

/** A step of the QEMU harness could not be done; the message says which and why, in one line. */
public final class HarnessException extends RuntimeException {
    public HarnessException(String message) {
        super(message);
    }

    public HarnessException(String message, Throwable cause) {
        super(message, cause);
    }
}
