package org.kexkit.kho;

/** One preserved block: 2^order pages of 4 KiB at a physical address. */
public record PreservedBlock(long address, int order) {
    public long size() {
        return (long) KhoAbi.RADIX_PAGE_SIZE << order;
    }
}
