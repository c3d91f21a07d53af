package org.kexkit.kho;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.kexkit.bin.FormatException;
import org.kexkit.bin.PhysicalMemory;

/**
 * Walks kho-v1's preserved-memory map (kernel/kexec_handover.c from 6.16, kho_mem_serialize()
 * and kho_mem_deserialize()): a chain of one-page struct khoser_mem_chunk, each
 * {@code { u64 next; u32 order; u32 num_elms; struct { u64 phys_start; u64 bitmap; } bitmaps[255]; }};
 * bit b of a bitmap preserves 2^order pages at {@code phys_start + (b << (order + 12))}.
 *
 * <p>kho-v1 changed its bitmaps without a new version: 512 bytes (PRESERVE_BITS 512 * 8, kmalloc'ed)
 * at first, one page (PAGE_SIZE * 8, page-allocated) after a late-2025 fix that kept slabs out of
 * KHO metadata. A bitmap pointer that is not
 * page-aligned, or a phys_start that is no multiple of a page-sized bitmap's span, can only be the
 * 512-byte form; otherwise the page form is read.
 */
public final class PreservedChunkListReader {
    /** sizeof(struct khoser_mem_chunk_hdr) and sizeof(struct khoser_mem_bitmap_ptr). */
    private static final int HEADER = 16;
    private static final int ENTRY = 16;
    /** KHOSER_BITMAP_SIZE: (PAGE_SIZE - header) / entry. */
    public static final int ENTRIES_PER_CHUNK = (KhoAbi.RADIX_PAGE_SIZE - HEADER) / ENTRY;
    /** PRESERVE_BITS / 8 before and after that fix. */
    public static final int OLD_BITMAP_BYTES = 512;
    public static final int PAGE_BITMAP_BYTES = KhoAbi.RADIX_PAGE_SIZE;
    /**
     * Orders above this are garbage (MAX_PAGE_ORDER is far smaller on every architecture); it also
     * keeps {@code bit << (order + 12)} and a bitmap's span inside 64 bits.
     */
    private static final int MAX_ORDER = 31;
    /** A chain longer than this is taken as a loop or garbage. */
    private static final int MAX_CHUNKS = 1 << 20;

    private record Bitmap(int order, long physStart, long address, long at) {
    }

    private PreservedChunkListReader() {
    }

    /** Every preserved block, chunk by chunk; {@code first} 0 is an empty map. */
    public static List<PreservedBlock> read(PhysicalMemory memory, String source, long first)
            throws FormatException, IOException {
        List<Bitmap> bitmaps = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (long chunk = first; chunk != 0; ) {
            if (chunk % KhoAbi.RADIX_PAGE_SIZE != 0) {
                throw new FormatException(source, chunk, "khoser_mem_chunk is not page-aligned");
            }
            if (!seen.add(chunk) || seen.size() > MAX_CHUNKS) {
                throw new FormatException(source, chunk, "khoser_mem_chunk reached twice (a loop)");
            }
            ByteBuffer page = ByteBuffer.wrap(memory.read(chunk, KhoAbi.RADIX_PAGE_SIZE)).order(ByteOrder.LITTLE_ENDIAN);
            long next = page.getLong(0);
            int order = page.getInt(8);
            long count = Integer.toUnsignedLong(page.getInt(12));
            if (order < 0 || order > MAX_ORDER) {
                throw new FormatException(source, chunk + 8, "khoser_mem_chunk order " + order + " is not a page order");
            }
            if (count > ENTRIES_PER_CHUNK) {
                throw new FormatException(source, chunk + 12, "khoser_mem_chunk num_elms " + count + " exceeds "
                        + ENTRIES_PER_CHUNK);
            }
            for (int i = 0; i < count; i++) {
                int at = HEADER + i * ENTRY;
                bitmaps.add(new Bitmap(order, page.getLong(at), page.getLong(at + 8), chunk + at));
            }
            chunk = next;
        }
        int bytes = bitmapBytes(bitmaps);
        List<PreservedBlock> blocks = new ArrayList<>();
        for (Bitmap b : bitmaps) {
            if (b.address() == 0) {
                throw new FormatException(source, b.at() + 8, "bitmap pointer is 0");
            }
            ByteBuffer bits = ByteBuffer.wrap(memory.read(b.address(), bytes)).order(ByteOrder.LITTLE_ENDIAN);
            for (int word = 0; word < bytes / 8; word++) {
                long w = bits.getLong(word * 8);
                while (w != 0) {
                    int bit = Long.numberOfTrailingZeros(w);
                    w &= w - 1;
                    blocks.add(new PreservedBlock(b.physStart() + ((word * 64L + bit) << (b.order() + 12)), b.order()));
                }
            }
        }
        return List.copyOf(blocks);
    }

    /** Which of kho-v1's two bitmap sizes these entries were written with (see the class comment). */
    static int bitmapBytes(List<Bitmap> bitmaps) {
        for (Bitmap b : bitmaps) {
            long span = (PAGE_BITMAP_BYTES * 8L) << (b.order() + 12);
            if (b.address() % KhoAbi.RADIX_PAGE_SIZE != 0 || Long.remainderUnsigned(b.physStart(), span) != 0) {
                return OLD_BITMAP_BYTES;
            }
        }
        return PAGE_BITMAP_BYTES;
    }
}
