package org.kexkit.bin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ByteCursorTest {
    private static final byte[] DATA = {
        0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
    };

    @Test
    void readsLittleEndianValues() throws FormatException {
        ByteCursor cursor = ByteCursor.of(DATA, "t", 0x100);
        assertEquals(0x01, cursor.u8());
        assertEquals(0x0302, cursor.u16());
        cursor.seek(0);
        assertEquals(0x04030201L, cursor.u32());
        cursor.seek(0);
        assertEquals(0x0807060504030201L, cursor.u64());
        assertEquals(0xffffffffL, cursor.u32());
        assertEquals(0x10c, cursor.absolute());
        assertEquals(0, cursor.remaining());
    }

    @Test
    void signedAndBigEndian() throws FormatException {
        ByteCursor cursor = ByteCursor.of(DATA, "t", 0);
        cursor.seek(8);
        assertEquals(-1, cursor.s32());
        ByteCursor big = ByteCursor.of(DATA, "t", 0).bigEndian();
        assertEquals(0x01020304L, big.u32());
    }

    @Test
    void shortReadNamesSourceAndAbsoluteOffset() {
        ByteCursor cursor = ByteCursor.of(DATA, "vmcore", 0x1f40);
        FormatException e = assertThrows(FormatException.class, () -> {
            cursor.skip(10);
            cursor.u32();
        });
        assertEquals("vmcore: offset 0x1f4a: expected u32 (4 bytes), found only 2 before the end of the data",
                e.getMessage());
        assertEquals(0x1f4a, e.offset());
        assertEquals("vmcore", e.source());
    }

    @Test
    void failedReadDoesNotMove() throws FormatException {
        ByteCursor cursor = ByteCursor.of(DATA, "t", 0);
        cursor.skip(7);
        assertThrows(FormatException.class, cursor::u64);
        assertEquals(7, cursor.position());
        assertEquals(0x08, cursor.u8());
    }

    @Test
    void seekOutsideIsAnError() throws FormatException {
        ByteCursor cursor = ByteCursor.of(DATA, "t", 0);
        cursor.seek(12);
        FormatException e = assertThrows(FormatException.class, () -> cursor.seek(13));
        assertEquals("t: offset 0xc: expected a position within 0xc bytes, found 0xd", e.getMessage());
        assertThrows(FormatException.class, () -> cursor.seek(-1));
    }

    @Test
    void sliceKeepsAbsoluteOffsetsAndBounds() throws FormatException {
        ByteCursor cursor = ByteCursor.of(DATA, "f", 0x1000);
        cursor.skip(2);
        ByteCursor slice = cursor.slice(4);
        assertEquals(6, cursor.position());
        assertEquals(0x1002, slice.baseOffset());
        assertArrayEquals(new byte[] {3, 4, 5, 6}, slice.bytes(4));
        FormatException e = assertThrows(FormatException.class, slice::u8);
        assertEquals(0x1006, e.offset());
        assertThrows(FormatException.class, () -> cursor.slice(7));
        assertThrows(FormatException.class, () -> cursor.bytes(-1));
    }

    @Test
    void alignSkipsToBoundary() throws FormatException {
        ByteCursor cursor = ByteCursor.of(DATA, "t", 0);
        cursor.u8();
        cursor.align(4);
        assertEquals(4, cursor.position());
        cursor.align(4);
        assertEquals(4, cursor.position());
    }
}
