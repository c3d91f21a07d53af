package org.kexkit.dump.kdump;

import org.kexkit.elfcore.ProgramHeader;

/** Pfns [start, end) whose memory the PT_LOAD {@code load} holds (null for a source without PT_LOADs). */
public record PfnRun(long start, long end, ProgramHeader load) {
    public long pages() {
        return end - start;
    }
}
