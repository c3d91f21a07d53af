package org.kexkit.dump;

import org.kexkit.bin.OneLine;

/**
 * A dump could not be read or written; the message is one line for users and says what was left
 * behind (control characters from file names or dump contents shown escaped, {@link OneLine}). It names files and facts, never command-line flags: front ends (the cli, the kdump
 * service) add their own advice, using the subclasses that carry the facts.
 */
public class DumpException extends Exception {
    private static final long serialVersionUID = 1L;

    public DumpException(String message, Throwable cause) {
        super(OneLine.of(message), cause);
    }

    public DumpException(String message) {
        super(OneLine.of(message));
    }
}
