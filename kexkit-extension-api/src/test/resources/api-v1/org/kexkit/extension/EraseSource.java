package org.kexkit.extension;

/**
 * Hook: physical ranges to erase in the written dump, gathered once before any page is written.
 * Erasure changes bytes only, never which pages are dumped.
 */
public interface EraseSource {
    /** Hands every range to erase to {@code sink}. */
    void eraseRanges(ExtensionContext context, EraseSink sink) throws ExtensionException;
}
