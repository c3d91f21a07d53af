package org.kexkit.dump;

import java.nio.file.Path;

/**
 * The input is a flattened dump (makedumpfile -F): a stream of (offset, size) records that must
 * be rebuilt into a kdump-compressed file before it can be read as one, as makedumpfile requires.
 */
public final class FlattenedInputException extends DumpException {
    private static final long serialVersionUID = 1L;
    private final transient Path input;

    public FlattenedInputException(Path input) {
        super(input + ": offset 0x0: a flattened dump (makedumpfile -F), which must be rebuilt into a file first");
        this.input = input;
    }

    public Path input() {
        return input;
    }
}
