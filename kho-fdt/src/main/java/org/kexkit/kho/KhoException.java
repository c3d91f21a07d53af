package org.kexkit.kho;

import org.kexkit.bin.OneLine;

/**
 * A well-formed blob whose KHO meaning is wrong (a missing property, a value of the wrong size).
 * Byte-level damage is a {@link org.kexkit.bin.FormatException} with an offset instead. The message is
 * one line whatever the blob held ({@link OneLine}).
 */
public class KhoException extends Exception {
    private static final long serialVersionUID = 1L;

    public KhoException(String message) {
        super(OneLine.of(message));
    }
}
