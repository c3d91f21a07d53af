package org.kexkit.kho;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kexkit.bin.FormatException;
import org.kexkit.bin.PhysicalMemory;

/** A radix tree built here from the key formula in docs/KHO-ABI.md section 2, then walked back. */
class PreservedMemoryMapReaderTest {
    private final Map<Long, ByteBuffer> pages = new HashMap<>();
    private long nextPage = 0x100000;
    private final PhysicalMemory memory = new PagedMemory(address -> {
        ByteBuffer page = pages.get(address);
        return page == null ? null : page.array();
    });

    @Test
    void blocksOfEveryOrderComeBack() throws Exception {
        long root = newPage();
        List<PreservedBlock> blocks = List.of(new PreservedBlock(0x5a2000L, 0), new PreservedBlock(0x267000L, 0),
                new PreservedBlock(0x3e400000L, 10), new PreservedBlock(0x40000000L, 18));
        for (PreservedBlock b : blocks) {
            preserve(root, b);
        }
        List<PreservedBlock> found = PreservedMemoryMapReader.read(memory, root);
        // key order: higher orders have smaller keys
        assertEquals(List.of(blocks.get(3), blocks.get(2), blocks.get(1), blocks.get(0)), found);
        assertEquals(0x400000L, found.get(1).size());
    }

    @Test
    void missingOrLoopingNodesAreOneLine() throws Exception {
        long root = newPage();
        pages.get(root).putLong(8, 0x1234);
        assertEquals("physical memory: offset 0x1234: radix tree node is not page-aligned",
                assertThrows(FormatException.class, () -> PreservedMemoryMapReader.read(memory, root)).getMessage());
        pages.get(root).putLong(8, root);
        assertEquals("physical memory: offset 0x100000: radix tree node reached twice (a loop)",
                assertThrows(FormatException.class, () -> PreservedMemoryMapReader.read(memory, root)).getMessage());
        pages.get(root).putLong(8, 0x7000000);
        assertThrows(IOException.class, () -> PreservedMemoryMapReader.read(memory, root));
    }

    private void preserve(long root, PreservedBlock b) {
        long key = (1L << (52 - b.order())) | (b.address() >>> (12 + b.order()));
        long table = root;
        for (int level = 5; level >= 1; level--) {
            int index = (int) ((key >>> (15 + 9 * (level - 1))) & 0x1ff);
            long child = pages.get(table).getLong(index * 8);
            if (child == 0) {
                child = newPage();
                pages.get(table).putLong(index * 8, child);
            }
            table = child;
        }
        int bit = (int) (key & 0x7fff);
        ByteBuffer leaf = pages.get(table);
        leaf.putLong(bit / 64 * 8, leaf.getLong(bit / 64 * 8) | (1L << (bit % 64)));
    }

    private long newPage() {
        long address = nextPage;
        nextPage += 0x1000;
        pages.put(address, ByteBuffer.allocate(0x1000).order(ByteOrder.LITTLE_ENDIAN));
        return address;
    }
}
