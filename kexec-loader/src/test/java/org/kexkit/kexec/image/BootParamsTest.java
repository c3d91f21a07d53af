package org.kexkit.kexec.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BootParamsTest {
    static BzImage kernel;

    @BeforeAll
    static void readKernel() throws Exception {
        kernel = BzImage.read(TestKernels.bzImageKho());
    }

    @Test
    void copiesTheSetupHeaderAndSetsTheLoaderFields() {
        long base = 0x1_2345_6000L;
        byte[] page = new BootParams(kernel).cmdline("console=ttyS0 elfcorehdr=123K")
                .ramdisk(0x1_4000_0000L, 0x1_0000_2000L)
                .acpiRsdp(0xf5a30)
                .build(base);
        ByteBuffer in = ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN);
        // header bytes other than the ones a loader writes are the image's
        byte[] header = kernel.setupHeader();
        for (int i = 0; i < header.length; i++) {
            int offset = 0x1f1 + i;
            boolean written = offset == 0x210 || offset == 0x211 || (offset >= 0x218 && offset < 0x220)
                    || (offset >= 0x228 && offset < 0x22c);
            if (!written) {
                assertEquals(header[i], page[offset], "byte at 0x" + Integer.toHexString(offset));
            }
        }
        assertEquals(0xD0, page[0x210] & 0xff);
        assertEquals(BzImage.LOADED_HIGH, page[0x211] & 0xff);
        assertEquals(0, page[0x1ef], "sentinel");
        long cmdline = base + 4096;
        assertEquals((int) cmdline, in.getInt(0x228));
        assertEquals((int) (cmdline >>> 32), in.getInt(0xc8));
        assertEquals(0x4000_0000, in.getInt(0x218));
        assertEquals(1, in.getInt(0xc0));
        assertEquals(0x2000, in.getInt(0x21c));
        assertEquals(1, in.getInt(0xc4));
        assertEquals(0xf5a30L, in.getLong(0x70));
        assertEquals("console=ttyS0 elfcorehdr=123K",
                new String(page, 4096, "console=ttyS0 elfcorehdr=123K".length(), StandardCharsets.UTF_8));
        assertEquals(0, page[4096 + "console=ttyS0 elfcorehdr=123K".length()]);
        assertEquals(0, in.getLong(0x250), "no setup_data");
        assertEquals(4096 + 32, page.length);
    }

    @Test
    void e820BeyondTheZeroPageGoesToSetupDataAndChainsWithOtherNodes() {
        List<E820Entry> map = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            map.add(new E820Entry(0x1000_0000L * i, 0x800_0000L, i % 2 == 0 ? E820Entry.RAM : E820Entry.RESERVED));
        }
        byte[] fdt = {(byte) 0xd0, 0x0d, (byte) 0xfe, (byte) 0xed, 1, 2, 3};
        long base = 0x9000;
        BootParams params = new BootParams(kernel).cmdline("x").e820(map).addSetupData(new SetupData(SetupData.SETUP_DTB, fdt))
                .hardwareSubarch(0, 0);
        byte[] page = params.build(base);
        assertEquals(params.size(), page.length);
        ByteBuffer in = ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(128, page[0x1e8] & 0xff);
        assertEquals(0x1000_0000L * 127, in.getLong(0x2d0 + 127 * 20));
        assertEquals(0x800_0000L, in.getLong(0x2d0 + 127 * 20 + 8));
        assertEquals(E820Entry.RESERVED, in.getInt(0x2d0 + 127 * 20 + 16));
        // alt_mem_k: highest RAM end (entry 128) minus 1 MiB, in KiB
        assertEquals((int) ((0x1000_0000L * 128 + 0x800_0000L - (1 << 20)) >> 10), in.getInt(0x1e0));

        long first = in.getLong(0x250);
        assertEquals(base + 4096 + 8, first, "chain after the cmdline \"x\\0\", 8-aligned");
        int at = (int) (first - base);
        long second = in.getLong(at);
        assertEquals(SetupData.SETUP_E820_EXT, in.getInt(at + 8));
        assertEquals(40, in.getInt(at + 12));
        assertEquals(0x1000_0000L * 128, in.getLong(at + 16));
        assertEquals(0x1000_0000L * 129, in.getLong(at + 36));
        assertEquals(base + at + 16 + 40, second);
        at = (int) (second - base);
        assertEquals(0, in.getLong(at), "end of chain");
        assertEquals(SetupData.SETUP_DTB, in.getInt(at + 8));
        assertEquals(fdt.length, in.getInt(at + 12));
        assertArrayEquals(fdt, Arrays.copyOfRange(page, at + 16, at + 16 + fdt.length));
    }

    @Test
    void refusesACommandLineLongerThanTheKernelTakes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BootParams(kernel).cmdline("a".repeat(2048)));
        assertTrue(e.getMessage().startsWith("command line is 2048 bytes, "), e.getMessage());
        assertTrue(e.getMessage().endsWith("takes at most 2047 (cmdline_size at offset 0x238)"), e.getMessage());
    }

    @Test
    void setupDataChainAtItsBase() {
        byte[] chain = SetupDataChain.serialise(List.of(new SetupData(4, new byte[] {1, 2, 3}),
                new SetupData(9, new byte[] {5})), 0x1000);
        ByteBuffer in = ByteBuffer.wrap(chain).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x1000 + 24, in.getLong(0));
        assertEquals(4, in.getInt(8));
        assertEquals(3, in.getInt(12));
        assertEquals(0, in.getLong(24));
        assertEquals(9, in.getInt(32));
        assertEquals(24 + 17, chain.length);
    }
}
