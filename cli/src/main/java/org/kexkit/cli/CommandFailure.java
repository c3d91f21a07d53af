package org.kexkit.cli;

import org.kexkit.bin.OneLine;

/** An expected failure detected by a command; its message is printed as the one error line. */
final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CommandFailure(String message) {
        super(OneLine.of(message));
    }
}
