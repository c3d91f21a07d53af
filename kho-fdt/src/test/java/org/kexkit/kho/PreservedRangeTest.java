package org.kexkit.kho;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PreservedRangeTest {
    @Test
    void adjacentBlocksOfAnyOrderJoinInAddressOrder() {
        // key order (largest order first), as the tree yields them
        List<PreservedBlock> blocks = List.of(new PreservedBlock(0x3e400000L, 10), new PreservedBlock(0x3e800000L, 9),
                new PreservedBlock(0x5a2000L, 0), new PreservedBlock(0x5a1000L, 0), new PreservedBlock(0x267000L, 0),
                new PreservedBlock(0x3ea00000L, 0));
        List<PreservedRange> ranges = PreservedRange.merge(blocks);
        assertEquals(List.of(new PreservedRange(0x267000L, 0x1000), new PreservedRange(0x5a1000L, 0x2000),
                new PreservedRange(0x3e400000L, 0x601000)), ranges);
        assertTrue(PreservedRange.covered(ranges, 0x3e400000L, 0x600000));
        assertFalse(PreservedRange.covered(ranges, 0x5a1000L, 0x3000));
        assertFalse(PreservedRange.covered(ranges, 0x266fffL, 2));
        assertEquals(List.of(), PreservedRange.merge(List.of()));
    }
}
