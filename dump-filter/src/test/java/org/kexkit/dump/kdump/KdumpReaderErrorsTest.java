package org.kexkit.dump.kdump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.codec.ZlibCodec;
import org.kexkit.dump.filter.PageFilter;

/** Bad kdump files give one line naming the file and the offset. */
class KdumpReaderErrorsTest {
    @TempDir
    Path dir;
    byte[] good;
    KdumpLayout layout;

    @BeforeEach
    void writeGood() throws Exception {
        Path out = dir.resolve("good");
        new KdumpDumper(new KdumpWriter(new KdumpOptions(Optional.of(new ZlibCodec()), 1, 1, PageFilter.KEEP_ALL)))
                .toFile(TestVmcores.write(dir), out, false);
        good = Files.readAllBytes(out);
        try (KdumpReader reader = KdumpReader.open(out)) {
            layout = new KdumpLayout(4096, reader.header().subHeaderBlocks(), reader.header().bitmapBlocks() * 4096 / 2,
                    reader.maxMapnr(), reader.dumpedPages());
        }
    }

    private FormatException open(byte[] bytes) throws Exception {
        Path bad = dir.resolve("bad");
        Files.write(bad, bytes);
        return assertThrows(FormatException.class, () -> {
            try (KdumpReader reader = KdumpReader.open(bad)) {
                for (long pfn = 0; pfn < reader.maxMapnr(); pfn++) {
                    if (reader.dumped(pfn)) {
                        reader.readPage(pfn);
                    }
                }
            }
        });
    }

    /** Found by mutation: one flipped bit of dump_level used to escape as IllegalArgumentException on re-filtering. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {0x40, 0x80000000})
    void aDumpLevelWithABitFlippedIsOneLine(int bit) throws Exception {
        byte[] bytes = good.clone();
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int at = 4096 + KdumpSubHeader.OFF_DUMP_LEVEL;
        int level = b.getInt(at) ^ bit;
        b.putInt(at, level);
        Path bad = dir.resolve("bad");
        Files.write(bad, bytes);
        FormatException e = assertThrows(FormatException.class, () -> KdumpVmcore.open(bad).close());
        assertEquals(bad + ": offset 0x1008: dump_level " + level + " is no dump level (0..63)", e.getMessage());
    }

    /**
     * Found by the fuzzer (a flattened stream, whose offsets can claim a file larger than its bytes): a size_note past
     * 2^31 escaped as ArithmeticException from the read. Each sub header size is bounded where the header is read.
     */
    @Test
    void aNoteSizeNoKernelWritesIsOneLine() throws Exception {
        byte[] bytes = good.clone();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(4096 + KdumpSubHeader.OFF_NOTE + 8, 1L << 31);
        FormatException e = open(bytes);
        assertEquals(dir.resolve("bad") + ": offset 0x1038: size_note 2147483648 is more than the 0x4000000 bytes any"
                + " kernel or makedumpfile writes", e.getMessage());
    }

    @Test
    void garbageHeader() throws Exception {
        byte[] bytes = good.clone();
        System.arraycopy("GARBAGE!".getBytes(), 0, bytes, 0, 8);
        FormatException e = open(bytes);
        assertEquals(dir.resolve("bad") + ": offset 0x0: expected the signature \"KDUMP   \" or \"DISKDUMP\", found "
                + "\"GARBAGE!\": not a kdump-compressed file", e.getMessage());
    }

    @Test
    void shortFile() throws Exception {
        FormatException e = open(Arrays.copyOf(good, 100));
        assertTrue(e.getMessage().endsWith("offset 0x0: expected a disk_dump_header (464 bytes), found only 100"),
                e.getMessage());
    }

    @Test
    void truncatedBitmaps() throws Exception {
        FormatException e = open(Arrays.copyOf(good, (int) layout.bitmap1Offset() + 100));
        assertTrue(e.getMessage().contains("bitmaps truncated"), e.getMessage());
        assertTrue(e.getMessage().contains(": offset 0x" + Long.toHexString(layout.bitmap1Offset()) + ":"), e.getMessage());
    }

    @Test
    void descriptorPointingPastTheEnd() throws Exception {
        byte[] bytes = good.clone();
        int at = (int) layout.descriptorsOffset() + 2 * PageDescriptor.SIZE; // pfn 2
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(at, 1L << 40);
        FormatException e = open(bytes);
        assertTrue(e.getMessage().contains(": offset 0x" + Integer.toHexString(at) + ": descriptor of pfn 0x2 points at "
                + "0x10000000000"), e.getMessage());
        assertTrue(e.getMessage().contains("past the end of the file"), e.getMessage());
    }

    @Test
    void unknownCompressionInTheHeader() throws Exception {
        byte[] bytes = good.clone();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(DiskDumpHeader.OFF_STATUS, 0x41);
        FormatException e = open(bytes);
        assertTrue(e.getMessage().endsWith("offset 0x1a8: unknown status bits 0x40 (known: zlib 0x1, lzo 0x2, snappy 0x4,"
                + " incomplete 0x8, vmemmap 0x10, zstd 0x20)"), e.getMessage());
    }

    @Test
    void unknownCompressionInADescriptor() throws Exception {
        byte[] bytes = good.clone();
        int at = (int) layout.descriptorsOffset() + 2 * PageDescriptor.SIZE;
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(at + 12, 0x40);
        FormatException e = open(bytes);
        assertTrue(e.getMessage().endsWith("offset 0x" + Integer.toHexString(at + 12)
                + ": descriptor of pfn 0x2: unknown compression flag 0x40"), e.getMessage());
    }

    @Test
    void corruptCompressedData() throws Exception {
        byte[] bytes = good.clone();
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long data = b.getLong((int) layout.descriptorsOffset() + 2 * PageDescriptor.SIZE);
        Arrays.fill(bytes, (int) data, (int) data + 8, (byte) 0xff);
        FormatException e = open(bytes);
        assertTrue(e.getMessage().contains(": offset 0x" + Long.toHexString(data) + ": page of pfn 0x2: bad zlib stream"),
                e.getMessage());
    }

    @Test
    void flattenedWithoutEndMarker() throws Exception {
        java.io.ByteArrayOutputStream s = new java.io.ByteArrayOutputStream();
        new KdumpDumper(new KdumpWriter(KdumpOptions.of(Optional.empty(), 0))).toFlattened(dir.resolve("vmcore"), s);
        byte[] flat = s.toByteArray();
        FormatException e = open(Arrays.copyOf(flat, flat.length - 16));
        assertTrue(e.getMessage().contains("the end marker -1/-1 is missing"), e.getMessage());
    }
}
