package org.kexkit.pmem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.kexkit.bin.FormatException;
import org.junit.jupiter.api.Test;

class PfnInfoBlockTest {
    private static final long SIZE = PmemSamples.DEV_NAMESPACE.size();
    private static final byte[] NO_UUID = new byte[16];

    @Test
    void roundTripsAsTheKernelWritesIt() throws Exception {
        PfnInfoBlock block = PmemSamples.block(PfnMode.PMEM, PmemSamples.DEV_DATAOFF, SIZE);
        byte[] bytes = block.toBytes();
        assertEquals(PfnInfoBlock.SIZE, bytes.length);
        assertEquals("NVDIMM_PFN_INFO", new String(bytes, 0, 15, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(block, PfnInfoBlock.read(bytes, "namespace0.0", SIZE, NO_UUID));
        // 256 MiB: 65534 pfns after the first 8 KiB, 64 bytes each, rounded up to 2 MiB
        assertEquals(6L << 20, PmemSamples.DEV_DATAOFF);
    }

    @Test
    void checksumIsFletcher64OfTheBlockWithTheFieldZeroed() {
        byte[] block = new byte[PfnInfoBlock.SIZE];
        block[0] = 1; // word 0 = 1: lo32 = 1 after every word, hi32 = 1024
        block[PfnInfoBlock.CHECKSUM] = 0x7f; // ignored
        assertEquals((1024L << 32) | 1, PfnInfoBlock.checksum(block));
        byte[] ones = new byte[8];
        java.util.Arrays.fill(ones, (byte) 0xff); // two words 0xffffffff: lo32 wraps to 0xfffffffe
        assertEquals((0xffffffffL + 0xfffffffeL) << 32 | 0xfffffffeL, Fletcher64.of(ones, 0, 8));
    }

    @Test
    void badChecksumNamesNamespaceAndOffset() {
        byte[] bytes = PmemSamples.block(PfnMode.PMEM, PmemSamples.DEV_DATAOFF, SIZE).toBytes();
        bytes[100] ^= 1;
        FormatException e = assertThrows(FormatException.class,
                () -> PfnInfoBlock.read(bytes, "namespace0.0", SIZE, NO_UUID));
        assertEquals("namespace0.0", e.source());
        assertEquals(0x1ff8, e.offset());
        assertTrue(e.getMessage().startsWith("namespace0.0: offset 0x1ff8: expected info block checksum 0x"), e.getMessage());
    }

    @Test
    void badSignature() {
        byte[] bytes = PmemSamples.block(PfnMode.PMEM, PmemSamples.DEV_DATAOFF, SIZE).toBytes();
        bytes[0] = 'X';
        FormatException e = assertThrows(FormatException.class,
                () -> PfnInfoBlock.read(bytes, "namespace0.0", SIZE, NO_UUID));
        assertEquals("namespace0.0: offset 0x1000: expected info block signature NVDIMM_PFN_INFO or NVDIMM_DAX_INFO,"
                + " found 'XVDIMM_PFN_INFO\\0'", e.getMessage());
    }

    @Test
    void dataOffsetPastTheNamespace() {
        byte[] bytes = PmemSamples.block(PfnMode.PMEM, SIZE + (2L << 20), SIZE).toBytes();
        FormatException e = assertThrows(FormatException.class,
                () -> PfnInfoBlock.read(bytes, "namespace0.0", SIZE, NO_UUID));
        assertEquals("namespace0.0: offset 0x1038: expected dataoff inside the namespace (0x10000000 bytes), found 0x10200000",
                e.getMessage());
    }

    @Test
    void misalignedAndTooSmallDataOffsets() {
        byte[] odd = PmemSamples.block(PfnMode.PMEM, (6L << 20) + 4096, SIZE).toBytes();
        assertTrue(assertThrows(FormatException.class, () -> PfnInfoBlock.read(odd, "ns", SIZE, NO_UUID))
                .getMessage().startsWith("ns: offset 0x1038: expected dataoff aligned"));
        PfnInfoBlock small = new PfnInfoBlock(InfoBlockSignature.PFN, new byte[16], new byte[16], 0, 1, 4, 4096, 1,
                PfnMode.RAM, 0, 0, 4096, 4096, 64);
        assertTrue(assertThrows(FormatException.class, () -> PfnInfoBlock.read(small.toBytes(), "ns", SIZE, NO_UUID))
                .getMessage().contains("expected dataoff past the first 0x2000 bytes"));
    }

    @Test
    void parentUuidMustBeTheNamespaces() {
        byte[] bytes = PmemSamples.block(PfnMode.PMEM, PmemSamples.DEV_DATAOFF, SIZE).toBytes();
        byte[] other = new byte[16];
        other[0] = 1;
        FormatException e = assertThrows(FormatException.class, () -> PfnInfoBlock.read(bytes, "ns", SIZE, other));
        assertEquals("ns: offset 0x1020: expected parent_uuid 01000000-0000-0000-0000-000000000000 (the namespace's), found"
                + " 00000000-0000-0000-0000-000000000000", e.getMessage());
    }

    @Test
    void unknownModeIsRefused() {
        byte[] bytes = withField(PmemSamples.block(PfnMode.PMEM, PmemSamples.DEV_DATAOFF, SIZE).toBytes(),
                PfnInfoBlock.MODE, 7);
        assertEquals("ns: offset 0x1048: expected mode 1 (memmap in RAM) or 2 (memmap on the device), found 7",
                assertThrows(FormatException.class, () -> PfnInfoBlock.read(bytes, "ns", SIZE, NO_UUID)).getMessage());
    }

    @Test
    void olderMinorVersionsReadWithTheKernelsDefaults() throws Exception {
        byte[] bytes = withField(PmemSamples.block(PfnMode.PMEM, PmemSamples.DEV_DATAOFF, SIZE).toBytes(),
                PfnInfoBlock.VERSION_MINOR, 1);
        PfnInfoBlock b = PfnInfoBlock.read(bytes, "ns", SIZE, NO_UUID);
        assertEquals(0, b.align());
        assertEquals(64, b.pageStructSize());
        assertEquals(4096, b.pageSize());
    }

    @Test
    void shortBlock() {
        assertEquals("ns: offset 0x1010: expected the 4096-byte info block, found 16 bytes",
                assertThrows(FormatException.class, () -> PfnInfoBlock.read(new byte[16], "ns", SIZE, NO_UUID)).getMessage());
    }

    /** Sets a u16 or u32 field and fixes the checksum, so only that field is wrong. */
    static byte[] withField(byte[] block, int offset, int value) {
        ByteBuffer b = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
        if (offset == PfnInfoBlock.VERSION_MINOR) {
            b.putShort(offset, (short) value);
        } else {
            b.putInt(offset, value);
        }
        b.putLong(PfnInfoBlock.CHECKSUM, PfnInfoBlock.checksum(block));
        return block;
    }
}
