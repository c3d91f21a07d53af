package org.kexkit.qemu.run;

/** A step of running a guest (a host program, QEMU, a disk image) could not be done; the message says which and why, in one line. */
public final class QemuRunException extends RuntimeException {
    public QemuRunException(String message) {
        super(message);
    }

    public QemuRunException(String message, Throwable cause) {
        super(message, cause);
    }
}
