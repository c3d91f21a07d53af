package org.kexkit.extension;

import java.nio.ByteBuffer;

/**
 * Hook: each page's bytes on their way out, after the erase ranges were applied and before
 * compression. The extension may change the bytes, not whether the page is written.
 */
public interface PageDataHook {
    /** {@code data}: the page of {@code pfn}, writable, position 0, limit the page size. */
    void page(long pfn, ByteBuffer data);
}
