package org.kexkit.dump.write;

/** Told how far a dump's page data phase is, after each batch of pages is in the file. */
@FunctionalInterface
public interface DumpProgress {
    DumpProgress NONE = (done, total) -> { };

    /** @param done pages written (or skipped as unreadable) so far; @param total pages to dump */
    void pages(long done, long total);
}
