package org.kexkit.dump.kdump;

import java.util.Optional;
import org.kexkit.dump.codec.PageCodec;
import org.kexkit.dump.filter.PageFilter;

/**
 * How to write a kdump-compressed file.
 *
 * @param codec     page compression; empty stores pages raw (makedumpfile without -c/-l/-p/-z)
 * @param dumpLevel makedumpfile's -d; bit 1 deduplicates zero pages here, the others belong to {@code filter}
 * @param threads   compression worker threads (makedumpfile --num-threads)
 * @param filter    which pages the dump level leaves out
 */
public record KdumpOptions(Optional<PageCodec> codec, int dumpLevel, int threads, PageFilter filter) {
    /** Dump level bit 1: zero pages (REFERENCE 2.1). */
    public static final int LEVEL_ZERO = 0x1;
    /** The highest level, with the pmem metadata bit ({@link org.kexkit.dump.filter.DumpLevel#MAX}). */
    public static final int MAX_LEVEL = org.kexkit.dump.filter.DumpLevel.MAX;

    public KdumpOptions {
        if (dumpLevel < 0 || dumpLevel > MAX_LEVEL) {
            throw new IllegalArgumentException("dump level must be 0.." + MAX_LEVEL + ", found " + dumpLevel);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, found " + threads);
        }
    }

    public static KdumpOptions of(Optional<PageCodec> codec, int dumpLevel) {
        return new KdumpOptions(codec, dumpLevel, Runtime.getRuntime().availableProcessors(), PageFilter.KEEP_ALL);
    }

    public boolean deduplicateZeroPages() {
        return (dumpLevel & LEVEL_ZERO) != 0;
    }
}
