package org.kexkit.kexec.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kexkit.bin.FormatException;

class BzImageTest {
    static byte[] kho;

    @BeforeAll
    static void readKernel() throws Exception {
        kho = Files.readAllBytes(TestKernels.bzImageKho());
    }

    @Test
    void readsTheRealKernel() throws Exception {
        BzImage image = BzImage.read(TestKernels.bzImageKho());
        assertEquals(0x020f, image.version());
        assertEquals("2.15", image.protocolVersion());
        assertEquals(31, image.setupSects());
        assertEquals(32 * 512, image.setupSize());
        assertEquals(kho.length - 32 * 512, image.kernel().length);
        assertArrayEquals(Arrays.copyOf(kho, 32 * 512), image.setup());
        assertEquals(kho[32 * 512], image.kernel()[0]);
        assertEquals(0x200000, image.kernelAlignment());
        assertTrue(image.relocatable());
        assertEquals(0x15, image.minAlignment());
        assertEquals(0x63, image.xloadflags());
        assertTrue(image.canBeLoadedAbove4G());
        assertEquals(0x7ff, image.cmdlineSize());
        assertEquals(0x7fffffff, image.initrdAddrMax());
        assertEquals(0x1000000, image.prefAddress());
        assertEquals(0xc0c000, image.initSize());
        assertEquals(0x2c4, image.payloadOffset());
        assertEquals(0x1ddbab, image.payloadLength());
        assertEquals(1, image.loadflags() & BzImage.LOADED_HIGH);
        assertEquals(0x1e3ce0, image.kernelInfoOffset());
        // 0x202 + the jump displacement 0x6a
        assertArrayEquals(Arrays.copyOfRange(kho, 0x1f1, 0x26c), image.setupHeader());
    }

    @Test
    void setupSectsZeroMeansFour() throws Exception {
        byte[] file = kho.clone();
        file[0x1f1] = 0;
        assertEquals(4, BzImage.parse(file, "k").setupSects());
        assertEquals(5 * 512, BzImage.parse(file, "k").setup().length);
    }

    @Test
    void rejectsGarbage() {
        byte[] garbage = new byte[64 * 1024];
        new Random(7).nextBytes(garbage);
        FormatException e = assertThrows(FormatException.class, () -> BzImage.parse(garbage, "garbage.bin"));
        assertEquals("garbage.bin: offset 0x1fe: not a bzImage: boot_flag is 0x"
                + Integer.toHexString((garbage[0x1fe] & 0xff) | (garbage[0x1ff] & 0xff) << 8) + ", expected 0xaa55",
                e.getMessage());
    }

    @Test
    void rejectsShortFiles() {
        FormatException e = assertThrows(FormatException.class,
                () -> BzImage.parse(Arrays.copyOf(kho, 100), "short"));
        assertEquals("short: offset 0x64: not a bzImage: 100 bytes is shorter than the setup header (0x290 bytes)",
                e.getMessage());
    }

    @Test
    void rejectsTruncatedSetup() {
        FormatException e = assertThrows(FormatException.class,
                () -> BzImage.parse(Arrays.copyOf(kho, 0x1000), "cut"));
        assertEquals("cut: offset 0x1f1: setup_sects 31 gives a setup part of 16384 bytes, but the file has only 4096",
                e.getMessage());
    }

    @Test
    void rejectsTruncatedKernel() {
        FormatException e = assertThrows(FormatException.class,
                () -> BzImage.parse(Arrays.copyOf(kho, 16384 + 0x100), "cut"));
        assertTrue(e.getMessage().startsWith("cut: offset 0x4100: truncated"), e.getMessage());
    }

    @Test
    void rejectsMissingHdrS() {
        byte[] file = kho.clone();
        file[0x202] = 'X';
        FormatException e = assertThrows(FormatException.class, () -> BzImage.parse(file, "k"));
        assertTrue(e.getMessage().startsWith("k: offset 0x202: not a bzImage: no \"HdrS\""), e.getMessage());
    }

    @Test
    void rejectsOldProtocol() {
        byte[] file = patch16(kho, 0x206, 0x020b);
        FormatException e = assertThrows(FormatException.class, () -> BzImage.parse(file, "old"));
        assertTrue(e.getMessage().startsWith("old: offset 0x206: boot protocol 2.11 is older than 2.12"), e.getMessage());
    }

    @Test
    void rejectsNo64BitEntry() {
        byte[] file = patch16(kho, 0x236, 0x62);
        FormatException e = assertThrows(FormatException.class, () -> BzImage.parse(file, "k32"));
        assertTrue(e.getMessage().startsWith("k32: offset 0x236: xloadflags 0x62 lacks XLF_KERNEL_64"), e.getMessage());
    }

    @Test
    void rejectsBelow4GOnly() {
        byte[] file = patch16(kho, 0x236, 0x61);
        FormatException e = assertThrows(FormatException.class, () -> BzImage.parse(file, "low"));
        assertEquals("low: offset 0x236: xloadflags 0x61 lacks XLF_CAN_BE_LOADED_ABOVE_4G: the kernel cannot be loaded"
                + " above 4 GiB", e.getMessage());
    }

    static byte[] patch16(byte[] original, int offset, int value) {
        byte[] file = original.clone();
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putShort(offset, (short) value);
        return file;
    }
}
