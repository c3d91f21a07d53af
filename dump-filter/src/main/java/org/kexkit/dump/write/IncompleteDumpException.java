package org.kexkit.dump.write;

import java.io.IOException;
import org.kexkit.bin.OneLine;

/**
 * The dump stopped early (full disk, I/O error, interrupt, out of memory) and the file was
 * marked incomplete; the descriptors of every page written so far are valid.
 */
public final class IncompleteDumpException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient DumpStatistics statistics;

    public IncompleteDumpException(Throwable cause, DumpStatistics statistics) {
        super(cause.getMessage() != null ? OneLine.of(cause.getMessage()) : cause.getClass().getSimpleName(), cause);
        this.statistics = statistics;
    }

    /** What was written before the stop. */
    public DumpStatistics statistics() {
        return statistics;
    }
}
