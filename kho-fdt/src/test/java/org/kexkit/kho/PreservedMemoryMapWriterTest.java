package org.kexkit.kho;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The writer's tree walked back by the reader; the blocks as kho_preserve_pages() splits a range. */
class PreservedMemoryMapWriterTest {
    @Test
    void theReaderFindsEveryBlockWritten() throws Exception {
        List<PreservedBlock> blocks = List.of(new PreservedBlock(0x3d000000L, 10), new PreservedBlock(0x5a2000L, 0),
                new PreservedBlock(0x5a3000L, 0), new PreservedBlock(0x40000000L, 18),
                new PreservedBlock(0x7fff_f000_0000L, 4));
        long base = 0x1200000;
        byte[] tree = PreservedMemoryMapWriter.write(blocks, base);
        assertEquals(PreservedMemoryMapWriter.pages(blocks) * 4096, tree.length);
        assertEquals(true, PreservedMemoryMapWriter.pages(blocks) <= PreservedMemoryMapWriter.pagesAtMost(blocks.size()));
        PagedMemory memory = new PagedMemory(a -> a >= base && a < base + tree.length
                ? Arrays.copyOfRange(tree, (int) (a - base), (int) (a - base) + 4096) : null);
        List<PreservedBlock> found = PreservedMemoryMapReader.read(memory, base);
        Comparator<PreservedBlock> byAddress = Comparator.comparingLong(PreservedBlock::address);
        assertEquals(blocks.stream().sorted(byAddress).toList(), found.stream().sorted(byAddress).toList());
    }

    @Test
    void twoNeighbouringPagesShareTheirPath() {
        // root, four tables and one leaf
        assertEquals(6, PreservedMemoryMapWriter.pages(List.of(new PreservedBlock(0x5a2000L, 0),
                new PreservedBlock(0x5a3000L, 0))));
        assertEquals(1, PreservedMemoryMapWriter.pages(List.of()));
    }

    @Test
    void rangesSplitAsTheKernelSplitsThem() {
        assertEquals(List.of(new PreservedBlock(0x3d000000L, 10)), PreservedMemoryMapWriter.blocksOf(0x3d000000L, 0x400000));
        assertEquals(List.of(new PreservedBlock(0x3000L, 0), new PreservedBlock(0x4000L, 2), new PreservedBlock(0x8000L, 0)),
                PreservedMemoryMapWriter.blocksOf(0x3000L, 0x6000));
        assertEquals(0x6000L, PreservedMemoryMapWriter.blocksOf(0x3000L, 0x6000).stream().mapToLong(PreservedBlock::size).sum());
        assertThrows(IllegalArgumentException.class, () -> PreservedMemoryMapWriter.key(new PreservedBlock(0x1000, 1)));
    }
}
