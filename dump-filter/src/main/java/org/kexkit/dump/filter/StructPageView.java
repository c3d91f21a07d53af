package org.kexkit.dump.filter;

import org.kexkit.bin.LittleEndian;

/**
 * The fields of one struct page (and of the next, for a compound head) inside a
 * batch of struct page bytes.
 */
final class StructPageView {
    private final StructPageLayout layout;
    private byte[] bytes;
    private int at;
    private boolean hasNext;

    StructPageView(StructPageLayout layout) {
        this.layout = layout;
    }

    StructPageView at(byte[] batch, int offset, boolean nextInBatch) {
        this.bytes = batch;
        this.at = offset;
        this.hasNext = nextInBatch;
        return this;
    }

    long flags() {
        return LittleEndian.u64(bytes, at + layout.flags());
    }

    long mapping() {
        return LittleEndian.u64(bytes, at + layout.mapping());
    }

    /** _mapcount / page_type, 0 if not exported. */
    int mapcount() {
        return layout.mapcount() < 0 ? 0 : LittleEndian.u32(bytes, at + layout.mapcount());
    }

    long privateData() {
        return layout.privateData() < 0 ? 0 : LittleEndian.u64(bytes, at + layout.privateData());
    }

    long compoundHead() {
        return layout.compoundHead() < 0 ? 0 : LittleEndian.u64(bytes, at + layout.compoundHead());
    }

    boolean hasNext() {
        return hasNext;
    }

    /** page[1].flags: folio._flags_1, whose low byte is the folio order since 6.6. */
    long nextFlags() {
        return LittleEndian.u64(bytes, at + layout.size() + layout.flags());
    }

    /** A byte at an offset from the head page (compound_order / _folio_order fields). */
    int byteFromHead(int offset) {
        return offset < 0 ? 0 : LittleEndian.u8(bytes, at + offset);
    }

    String describe() {
        return String.format("flags=0x%x mapping=0x%x _mapcount=0x%08x private=0x%x compound_head=0x%x", flags(), mapping(),
                mapcount(), privateData(), compoundHead());
    }
}
