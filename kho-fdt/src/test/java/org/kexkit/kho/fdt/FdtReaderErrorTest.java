package org.kexkit.kho.fdt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kexkit.bin.FormatException;
import org.kexkit.kho.KhoSamples;

/** Every malformed blob gives one FormatException line naming the offset. */
class FdtReaderErrorTest {
    byte[] good;
    FdtHeader h;

    @BeforeEach
    void setUp() throws Exception {
        good = KhoSamples.bytes("stage2-in-fdt.dtb");
        h = FdtReader.read(good, "good").header();
    }

    @Test
    void realTruncatedDebugfsBlob() {
        assertEquals("stage1-out-fdt.truncated.dtb: offset 0x4: totalsize 0x159 (345 bytes) runs past the end"
                + " of the file (233 bytes): truncated blob",
                error(KhoSamples.bytes("stage1-out-fdt.truncated.dtb"), "stage1-out-fdt.truncated.dtb"));
    }

    @Test
    void garbage() {
        assertEquals("x: offset 0x0: bad magic 0x62e1fe28, expected 0xd00dfeed: not a flattened device tree",
                error(KhoSamples.bytes("stage2-in-sub-LUO.stale.bin"), "x"));
        assertEquals("x: offset 0x0: expected an FDT header (40 bytes), the file has only 2",
                error(new byte[] {1, 2}, "x"));
        assertEquals("x: offset 0x0: expected an FDT header (40 bytes), the file has only 0", error(new byte[0], "x"));
        assertEquals("x: offset 0x14: expected an FDT header (40 bytes), the file ends after 20",
                error(java.util.Arrays.copyOf(good, 20), "x"));
    }

    @Test
    void truncatedAnywhere() {
        for (int length = 0; length < good.length; length++) {
            String message = error(java.util.Arrays.copyOf(good, length), "t");
            assertEquals(1, message.lines().count(), message);
        }
    }

    @Test
    void headerFields() {
        assertEquals("x: offset 0x14: version 16 is not supported (reads version 17)", error(put(0x14, 16), "x"));
        assertEquals("x: offset 0x18: last_comp_version 18 is newer than version 17: this blob cannot be read"
                + " as version 17", error(put(0x18, 18), "x"));
        assertEquals("x: offset 0x4: totalsize 8 is smaller than the header", error(put(0x4, 8), "x"));
    }

    @Test
    void misalignedBlocks() {
        assertEquals("x: offset 0x10: off_mem_rsvmap 0x2c is not 8-byte aligned", error(put(0x10, 0x2c), "x"));
        assertEquals("x: offset 0x8: off_dt_struct 0x3a is not 4-byte aligned", error(put(0x8, 0x3a), "x"));
    }

    @Test
    void blocksOutsideOrOverlapping() {
        assertEquals("x: offset 0x8: struct block at 0x20 overlaps the header (0x0-0x28)", error(put(0x8, 0x20), "x"));
        assertEquals("x: offset 0xc: strings block 0x120-0x160 runs past totalsize 0x159",
                error(put(0x20, 0x40), "x"));
        assertEquals("x: offset 0x8: struct block 0x30-0x118 overlaps the memory reservation block 0x28-0x38",
                error(put(0x8, 0x30), "x"));
        assertEquals("x: offset 0xc: strings block 0x100-0x139 overlaps the struct block 0x38-0x120",
                error(put(0xc, 0x100), "x"));
        assertEquals("x: offset 0x10: memory reservation block 0x158-0x168 runs past totalsize 0x159",
                error(put(0x10, 0x158), "x"));
    }

    @Test
    void structTokensOutOfPlace() {
        int s = h.offDtStruct();
        assertEquals("x: offset 0x38: unknown struct token 0x00000007", error(put(s, 7), "x"));
        assertEquals("x: offset 0x38: FDT_PROP outside any node", error(put(s, FdtSpec.FDT_PROP), "x"));
        assertEquals("x: offset 0x38: FDT_END_NODE outside any node", error(put(s, FdtSpec.FDT_END_NODE), "x"));
        assertEquals("x: offset 0x38: FDT_END before any node", error(put(s, FdtSpec.FDT_END), "x"));
        // the last FDT_END_NODE (closing the root) turned into FDT_END
        int end = s + h.sizeDtStruct();
        assertEquals("x: offset 0x118: FDT_END inside node \"\" (missing FDT_END_NODE)",
                error(put(end - 8, FdtSpec.FDT_END), "x"));
        // FDT_END turned into FDT_NOP
        assertEquals("x: offset 0x120: struct block ends without FDT_END", error(put(end - 4, FdtSpec.FDT_NOP), "x"));
        // a property after the memblock child node: "LUO" FDT_BEGIN_NODE at 0xa4 becomes FDT_PROP
        assertEquals("x: offset 0xa4: FDT_PROP after a child node of \"\" (properties come before children)",
                error(put(0xa4, FdtSpec.FDT_PROP), "x"));
    }

    @Test
    void missingEndAndTrailingBytes() throws Exception {
        int s = h.offDtStruct();
        byte[] shortStruct = put(0x24, h.sizeDtStruct() - 4);
        assertEquals("x: offset 0x11c: struct block ends without FDT_END", error(shortStruct, "x"));
        byte[] tiny = FdtWriter.write(Fdt.of(new FdtNode("", List.of(), List.of())));
        FdtHeader t = FdtReader.read(tiny, "tiny").header();
        ByteBuffer b = ByteBuffer.wrap(tiny);
        b.putInt(0x24, t.sizeDtStruct() - 4); // drop FDT_END, keep FDT_END_NODE
        assertEquals("x: offset 0x4c: struct block ends without FDT_END", error(tiny, "x"));
        assertEquals(s, 0x38);
    }

    @Test
    void nameOffsetPastStrings() {
        // the compatible property's nameoff field is at 0x48
        assertEquals("x: offset 0x48: property name offset 0x39 is past the strings block (0x39 bytes)",
                error(put(0x48, 0x39), "x"));
        assertEquals("x: offset 0x48: property name offset 0x7fffffff is past the strings block (0x39 bytes)",
                error(put(0x48, 0x7fffffff), "x"));
    }

    @Test
    void valuePastStructOrNameWithoutNul() throws Exception {
        assertEquals("x: offset 0x44: property value of 0x1000 bytes runs past the end of the struct block",
                error(put(0x44, 0x1000), "x"));
        byte[] noNul = good.clone();
        noNul[noNul.length - 1] = 'x';
        assertEquals("x: offset 0x80: property name at strings offset 0x2f has no NUL before the end of the"
                + " strings block", error(noNul, "x"));
        byte[] rootName = good.clone();
        rootName[0x3c] = 'r';
        assertEquals("x: offset 0x38: root node is named \"r\", expected an empty name", error(rootName, "x"));
    }

    private byte[] put(int offset, int value) {
        byte[] copy = good.clone();
        ByteBuffer.wrap(copy).putInt(offset, value);
        return copy;
    }

    private static String error(byte[] bytes, String name) {
        return assertThrows(FormatException.class, () -> FdtReader.read(bytes, name)).getMessage();
    }
}
