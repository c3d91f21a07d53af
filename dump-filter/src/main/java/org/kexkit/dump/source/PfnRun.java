package org.kexkit.dump.source;

/** Pfns [start, end) that a source holds memory for. */
public record PfnRun(long start, long end) {
    public long pages() {
        return end - start;
    }
}
