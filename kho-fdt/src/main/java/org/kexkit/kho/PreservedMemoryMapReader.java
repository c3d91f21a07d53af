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
 * Walks the KHO radix tree of preserved memory (include/linux/kho/abi/kexec_handover.h,
 * kho_radix_walk_tree()): five levels of u64 table[512] (child physical addresses, 0 for none)
 * above a 32768-bit leaf bitmap. A set bit is a key {@code (1 << (52 - order)) | (pa >> (12 + order))}
 * whose index bits are 59..51 (root) down to 23..15 (level 1) and 14..0 (leaf bit).
 */
public final class PreservedMemoryMapReader {
    private static final int ENTRIES = KhoAbi.RADIX_PAGE_SIZE / 8;
    private static final int LEAF_BITS = 15;
    private static final int TABLE_BITS = 9;

    private final PhysicalMemory memory;
    private final String source;
    private final Set<Long> visited = new HashSet<>();
    private final List<PreservedBlock> blocks = new ArrayList<>();

    private PreservedMemoryMapReader(PhysicalMemory memory, String source) {
        this.memory = memory;
        this.source = source;
    }

    /**
     * Every preserved block of a {@code generation}'s map starting at {@code address}: the radix tree
     * (kho-v2 on) or kho-v1's chunk list ({@link PreservedChunkListReader}).
     */
    public static List<PreservedBlock> read(PhysicalMemory memory, String source, KhoGeneration generation,
            long address) throws FormatException, IOException {
        return generation.memoryMap() == KhoGeneration.MemoryMap.CHUNK_LIST
                ? PreservedChunkListReader.read(memory, source, address) : read(memory, source, address);
    }

    /** Every preserved block, in key order (by order, largest first, then by address). */
    public static List<PreservedBlock> read(PhysicalMemory memory, long rootAddress) throws FormatException,
            IOException {
        return read(memory, "physical memory", rootAddress);
    }

    /** {@link #read(PhysicalMemory, long)}, naming {@code source} (the core file) in errors. */
    public static List<PreservedBlock> read(PhysicalMemory memory, String source, long rootAddress)
            throws FormatException, IOException {
        PreservedMemoryMapReader reader = new PreservedMemoryMapReader(memory, source);
        reader.table(rootAddress, KhoAbi.RADIX_DEPTH - 1, 0);
        return List.copyOf(reader.blocks);
    }

    private void table(long address, int level, long keyPrefix) throws FormatException, IOException {
        ByteBuffer page = page(address);
        for (int i = 0; i < ENTRIES; i++) {
            long child = page.getLong(i * 8);
            if (child == 0) {
                continue;
            }
            long key = keyPrefix | ((long) i << (LEAF_BITS + TABLE_BITS * (level - 1)));
            if (level == 1) {
                leaf(child, key);
            } else {
                table(child, level - 1, key);
            }
        }
    }

    private void leaf(long address, long keyPrefix) throws FormatException, IOException {
        ByteBuffer page = page(address);
        for (int word = 0; word < ENTRIES; word++) {
            long bits = page.getLong(word * 8);
            while (bits != 0) {
                int bit = Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                blocks.add(block(address + word * 8L, keyPrefix | (word * 64L + bit)));
            }
        }
    }

    private PreservedBlock block(long at, long key) throws FormatException {
        int top = 63 - Long.numberOfLeadingZeros(key);
        int order = 52 - top;
        if (order < 0) {
            throw new FormatException(source, at, String.format("radix key 0x%x has no valid order bit", key));
        }
        return new PreservedBlock((key ^ (1L << top)) << (12 + order), order);
    }

    private ByteBuffer page(long address) throws FormatException, IOException {
        if (address % KhoAbi.RADIX_PAGE_SIZE != 0) {
            throw new FormatException(source, address, "radix tree node is not page-aligned");
        }
        if (!visited.add(address)) {
            throw new FormatException(source, address, "radix tree node reached twice (a loop)");
        }
        byte[] bytes = memory.read(address, KhoAbi.RADIX_PAGE_SIZE);
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
