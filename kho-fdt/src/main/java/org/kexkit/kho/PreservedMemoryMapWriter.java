package org.kexkit.kho;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a KHO radix tree of preserved memory (kho-v2 to kho-v4; the layout
 * {@link PreservedMemoryMapReader} reads, include/linux/kho/abi/kexec_handover.h) as consecutive
 * pages at a physical base address: the root table first, then each table and leaf bitmap in the
 * order a block first needs it. kexec_load images carry such a tree as a segment, since user space
 * cannot point the next kernel at the running kernel's own tree.
 */
public final class PreservedMemoryMapWriter {
    private static final int PAGE = KhoAbi.RADIX_PAGE_SIZE;
    private static final int LEAF_BITS = 15;
    private static final int TABLE_BITS = 9;
    /** Levels 5 (root) .. 1 are tables; level 0 is the leaf bitmap. */
    private static final int TOP_LEVEL = KhoAbi.RADIX_DEPTH - 1;

    private PreservedMemoryMapWriter() {
    }

    /**
     * The radix key of a block (kho_radix_encode_key()): the order as the bit {@code 52 - order}
     * above the address shifted right by {@code 12 + order}.
     */
    public static long key(PreservedBlock block) {
        if (block.order() < 0 || block.order() > 52 - 12 || (block.address() & (block.size() - 1)) != 0) {
            throw new IllegalArgumentException(String.format("block at 0x%x of order %d is not aligned to its size",
                    block.address(), block.order()));
        }
        return (1L << (52 - block.order())) | (block.address() >>> (12 + block.order()));
    }

    /** Pages the tree of {@code blocks} takes (at least the root page). */
    public static int pages(List<PreservedBlock> blocks) {
        return layout(blocks).size();
    }

    /**
     * An upper bound of {@link #pages} for {@code count} blocks whatever their addresses: each block
     * may need a path of its own below the root (four tables and a leaf).
     */
    public static int pagesAtMost(int count) {
        return 1 + TOP_LEVEL * count;
    }

    /** The tree as it must sit at {@code base} (page-aligned); its root is at {@code base}. */
    public static byte[] write(List<PreservedBlock> blocks, long base) {
        if (base % PAGE != 0) {
            throw new IllegalArgumentException("radix tree base 0x" + Long.toHexString(base) + " is not page-aligned");
        }
        Map<String, Integer> nodes = layout(blocks);
        ByteBuffer out = ByteBuffer.allocate(nodes.size() * PAGE).order(ByteOrder.LITTLE_ENDIAN);
        for (PreservedBlock block : blocks) {
            long key = key(block);
            int node = 0;
            for (int level = TOP_LEVEL; level >= 1; level--) {
                int index = (int) ((key >>> shift(level)) & ((1 << TABLE_BITS) - 1));
                int child = nodes.get(path(key, level - 1));
                out.putLong(node * PAGE + index * 8, base + (long) child * PAGE);
                node = child;
            }
            int bit = (int) (key & ((1 << LEAF_BITS) - 1));
            int word = node * PAGE + (bit / 64) * 8;
            out.putLong(word, out.getLong(word) | (1L << (bit % 64)));
        }
        return out.array();
    }

    /** Node path -> page index, in order of first need; the root is page 0. */
    private static Map<String, Integer> layout(List<PreservedBlock> blocks) {
        Map<String, Integer> nodes = new LinkedHashMap<>();
        nodes.put(path(0, TOP_LEVEL), 0);
        for (PreservedBlock block : blocks) {
            long key = key(block);
            for (int level = TOP_LEVEL - 1; level >= 0; level--) {
                nodes.putIfAbsent(path(key, level), nodes.size());
            }
        }
        return nodes;
    }

    /** A node at {@code level} is named by the key bits above those it indexes itself. */
    private static String path(long key, int level) {
        return level == TOP_LEVEL ? "root" : level + ":" + Long.toHexString(key >>> shift(level + 1));
    }

    private static int shift(int level) {
        return LEAF_BITS + TABLE_BITS * (level - 1);
    }

    /**
     * The blocks kho_preserve_pages() makes of {@code size} bytes at {@code start} (both
     * page-aligned): from the first page on, each block as large as the address's alignment and the
     * rest allow.
     */
    public static List<PreservedBlock> blocksOf(long start, long size) {
        if (start % PAGE != 0 || size % PAGE != 0 || size <= 0) {
            throw new IllegalArgumentException(String.format("0x%x (0x%x bytes) is not whole pages", start, size));
        }
        List<PreservedBlock> blocks = new ArrayList<>();
        long pfn = start / PAGE;
        long end = pfn + size / PAGE;
        while (pfn < end) {
            int order = Math.min(Long.numberOfTrailingZeros(pfn), 63 - Long.numberOfLeadingZeros(end - pfn));
            blocks.add(new PreservedBlock(pfn * PAGE, order));
            pfn += 1L << order;
        }
        return blocks;
    }
}
