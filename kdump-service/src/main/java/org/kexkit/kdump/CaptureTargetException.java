package org.kexkit.kdump;

/** The dump target cannot be reached from a capture environment (not a disk filesystem, not found, network). */
public final class CaptureTargetException extends Exception {
    private static final long serialVersionUID = 1L;

    public CaptureTargetException(String message) {
        super(message);
    }
}
