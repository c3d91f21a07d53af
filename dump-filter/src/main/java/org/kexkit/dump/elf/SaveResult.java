package org.kexkit.dump.elf;

import java.nio.file.Path;

/** What a finished save wrote: the final file, its size and how long the copy took. */
public record SaveResult(Path out, long bytes, double seconds) {
    /** MiB per second, or 0 for an instant copy. */
    public double mibPerSecond() {
        return seconds > 0 ? bytes / (double) (1 << 20) / seconds : 0;
    }
}
