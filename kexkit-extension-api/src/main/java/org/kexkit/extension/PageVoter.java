package org.kexkit.extension;

import java.nio.ByteBuffer;

/** Hook: a vote on each page of the dump, given its struct page. */
public interface PageVoter {
    /**
     * The vote on page frame {@code pfn}. {@code structPage} holds that pfn's struct page, read-only,
     * little-endian, position 0, limit the struct's size (read members with the offsets of
     * {@link ExtensionContext#member}). Called in pfn order for each pfn the dump level looks at
     * (not for the rest of a block a test already decided, such as a free buddy block), only when the
     * dump level classifies pages (-d with bits 2 to 16). KEEP wins over every dump-level test; DROP
     * leaves out a page no test excluded. A machine larger than one classification window is walked
     * more than once, so the answer must depend on {@code pfn} and {@code structPage} alone.
     */
    Vote vote(long pfn, ByteBuffer structPage);
}
