package org.kexkit.kho;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kexkit.bin.FormatException;
import org.kexkit.bin.PhysicalMemory;

/** LUO's serialized sessions, built page by page as 7.2's luo_session_serialize() lays them out. */
class LuoSessionReaderTest {
    private final Map<Long, ByteBuffer> pages = new HashMap<>();

    private ByteBuffer page(long pa) {
        return pages.computeIfAbsent(pa, p -> ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN));
    }

    private final PhysicalMemory memory = new PagedMemory(address -> {
        ByteBuffer p = pages.get(address);
        return p == null ? null : p.array();
    });

    private static void name(ByteBuffer b, int at, String text, int length) {
        byte[] s = text.getBytes(StandardCharsets.US_ASCII);
        b.put(at, s, 0, Math.min(s.length, length));
    }

    private void sample() {
        ByteBuffer sessions = page(0x1000).putLong(0, 0).putLong(8, 1);
        name(sessions, 16, "kexkit", 64);
        sessions.putLong(16 + 64, 0x2000).putLong(16 + 72, 2);
        ByteBuffer files = page(0x2000).putLong(0, 0).putLong(8, 2);
        name(files, 16, "memfd-v2", 48);
        files.putLong(16 + 48, 0x3040).putLong(16 + 56, 1);
        name(files, 80, "other-v1", 48);
        files.putLong(80 + 48, 0x1234).putLong(80 + 56, 7);
        // struct memfd_luo_ser at 0x3040: pos, size, seals, flags, nr_folios, kho_vmalloc{first, pages, flags, order}
        page(0x3000).putLong(0x40, 3).putLong(0x48, 5000).putInt(0x50, 0x8).putInt(0x54, 0).putLong(0x58, 2)
                .putLong(0x60, 0x4000).putInt(0x68, 1).putShort(0x6c, (short) 0).putShort(0x6e, (short) 0);
        page(0x4000).putLong(0, 0).putLong(8, 0x5000);
        page(0x5000).putLong(0, 0x3e123L | (3L << 52)).putLong(8, 0).putLong(16, 0x3e124L | (1L << 52)).putLong(24, 1);
    }

    @Test
    void sessionsFilesAndMemfdFolios() throws Exception {
        sample();
        List<LuoSession> sessions = new LuoSessionReader(memory).sessions(0x1000);
        assertEquals(1, sessions.size());
        LuoSession s = sessions.get(0);
        assertEquals("kexkit", s.name());
        assertEquals(2, s.count());
        LuoSession.LuoFile memfd = s.files().get(0);
        assertEquals(1, memfd.token());
        assertEquals(new LuoSession.Memfd(3, 5000, 8, 0, 2, List.of(new LuoSession.Folio(0x3e123, 3, 0),
                new LuoSession.Folio(0x3e124, 1, 1))), memfd.memfd());
        assertEquals(0x3e123000L, memfd.memfd().folios().get(0).physicalAddress());
        assertEquals("other-v1", s.files().get(1).compatible());
        assertNull(s.files().get(1).memfd(), "only memfd-v2 is decoded further");
    }

    @Test
    void damagedChainsAreOneLineWithTheAddress() throws Exception {
        sample();
        page(0x2000).putLong(8, 0);
        FormatException zero = assertThrows(FormatException.class, () -> new LuoSessionReader(memory).sessions(0x1000));
        assertEquals("physical memory: offset 0x2008: block entry count 0 is not 1..63", zero.getMessage());
        page(0x2000).putLong(8, 2).putLong(0, 0x2000);
        FormatException loop = assertThrows(FormatException.class, () -> new LuoSessionReader(memory).sessions(0x1000));
        assertEquals("physical memory: offset 0x2000: kho_block chain loops back to this block", loop.getMessage());
        page(0x2000).putLong(0, 0).putLong(8, 1);
        FormatException count = assertThrows(FormatException.class, () -> new LuoSessionReader(memory).sessions(0x1000));
        assertEquals("physical memory: offset 0x1058: session kexkit records 2 files, its blocks hold 1", count.getMessage());
    }
}
