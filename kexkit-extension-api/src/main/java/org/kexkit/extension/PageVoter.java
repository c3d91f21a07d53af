package org.kexkit.extension;

import java.nio.ByteBuffer;

/** Hook: a vote on each page of the dump, given its struct page. */
public interface PageVoter {
    /**
     * The vote on page frame {@code pfn}. {@code structPage} holds that pfn's struct page, read-only,
     * little-endian, position 0, limit the struct's size (read members with the offsets of
     * {@link ExtensionContext#member}). Called once per pfn that has a struct page, in pfn order.
     */
    Vote vote(long pfn, ByteBuffer structPage);
}
