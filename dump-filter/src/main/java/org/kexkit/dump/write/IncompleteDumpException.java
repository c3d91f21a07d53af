package org.kexkit.dump.write;

import org.kexkit.bin.OneLine;
import java.io.IOException;

/**
 * The dump stopped early (full disk, I/O error, interrupt) and the file was
 * marked incomplete; the descriptors of every page written so far are valid.
 */
public final class IncompleteDumpException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient DumpStatistics statistics;

    public IncompleteDumpException(Exception cause, DumpStatistics statistics) {
        super(cause.getMessage() != null ? OneLine.of(cause.getMessage()) : cause.getClass().getSimpleName(), cause);
        this.statistics = statistics;
    }

    /** What was written before the stop. */
    public DumpStatistics statistics() {
        return statistics;
    }
}
