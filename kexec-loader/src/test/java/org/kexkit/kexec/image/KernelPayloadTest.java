package org.kexkit.kexec.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.zstd.ZstdCompressor;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kexkit.bin.FormatException;
import org.tukaani.xz.FilterOptions;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.LZMAOutputStream;
import org.tukaani.xz.X86Options;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZOutputStream;

class KernelPayloadTest {
    static byte[] kho;
    /** A small ELF with a .rodata holding a string, to pack with each compressor. */
    static byte[] elf;

    @BeforeAll
    static void setUp() throws Exception {
        kho = Files.readAllBytes(TestKernels.bzImageKho());
        elf = TinyElf.withRodata("kho-v4\0luo-v5\0".getBytes(), 40_000);
    }

    @Test
    void unpacksTheKhoKernelsGzipPayload() throws Exception {
        BzImage image = BzImage.parse(kho, "bzImage-kho");
        KernelPayload payload = image.payload();
        assertEquals(KernelCompression.GZIP, payload.compression());
        assertEquals(32 * 512 + 0x2c4, payload.fileOffset());
        assertEquals(12184000, payload.uncompressedSize());
        VmlinuxSections vmlinux = VmlinuxSections.parse(PayloadDecompressor.decompress(payload), "vmlinux");
        assertEquals(32, vmlinux.sections().size());
        VmlinuxSections.Section rodata = vmlinux.section(".rodata").orElseThrow();
        assertEquals(0x800000, rodata.offset());
        assertEquals(0xad670, rodata.size());
        assertTrue(vmlinux.loadedData().stream().anyMatch(s -> s.name().equals(".data")));
        assertTrue(vmlinux.loadedData().stream().noneMatch(s -> s.name().equals(".text") || s.name().equals(".bss")));
    }

    @Test
    void unpacksDebiansZstdKernel() throws Exception {
        Optional<Path> debian = TestKernels.debian72();
        assumeTrue(debian.isPresent(), "Debian's 7.2 cloud kernel is not in the harness cache yet");
        KernelPayload payload = BzImage.read(debian.get()).payload();
        assertEquals(KernelCompression.ZSTD, payload.compression());
        VmlinuxSections vmlinux = VmlinuxSections.parse(PayloadDecompressor.decompress(payload), "vmlinux");
        assertTrue(vmlinux.section(".BTF").orElseThrow().size() > 1_000_000);
    }

    @Test
    void everyCompressionTheLibrariesGive() throws Exception {
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gzip)) {
            out.write(elf);
        }
        assertUnpacks(KernelCompression.GZIP, gzip.toByteArray());

        ByteArrayOutputStream xz = new ByteArrayOutputStream();
        // the kernel's own choice: CRC32 check, x86 BCJ filter in front of LZMA2 (scripts/xz_wrap.sh)
        try (OutputStream out = new XZOutputStream(xz, new FilterOptions[] {new X86Options(), new LZMA2Options()},
                XZ.CHECK_CRC32)) {
            out.write(elf);
        }
        assertUnpacks(KernelCompression.XZ, withSize(xz.toByteArray()));

        ByteArrayOutputStream lzma = new ByteArrayOutputStream();
        try (OutputStream out = new LZMAOutputStream(lzma, new LZMA2Options(), -1)) {
            out.write(elf);
        }
        assertUnpacks(KernelCompression.LZMA, withSize(lzma.toByteArray()));

        byte[] zstd = new byte[new ZstdCompressor().maxCompressedLength(elf.length)];
        int n = new ZstdCompressor().compress(elf, 0, elf.length, zstd, 0, zstd.length);
        assertUnpacks(KernelCompression.ZSTD, withSize(Arrays.copyOf(zstd, n)));

        assertUnpacks(KernelCompression.LZ4, withSize(lz4Legacy(elf)));
    }

    @Test
    void bzip2AndLzoAreOneLine() throws Exception {
        byte[] file = bzImageWith(withSize("BZh91AY&SY....".getBytes()));
        FormatException e = assertThrows(FormatException.class,
                () -> PayloadDecompressor.decompress(BzImage.parse(file, "k").payload()));
        assertEquals("k: offset 0x4000: unsupported compression bzip2: kexkit unpacks gzip, xz, lzma, lz4 and zstd"
                + " kernels", e.getMessage());
        byte[] lzo = bzImageWith(withSize(new byte[] {(byte) 0x89, 'L', 'Z', 'O', 0, 0x0d, 0x0a}));
        e = assertThrows(FormatException.class, () -> PayloadDecompressor.decompress(BzImage.parse(lzo, "k").payload()));
        assertTrue(e.getMessage().contains("unsupported compression lzo"), e.getMessage());
    }

    @Test
    void badPayloadsAreOneLine() throws Exception {
        byte[] garbage = bzImageWith(withSize(new byte[] {1, 2, 3, 4, 5, 6}));
        FormatException e = assertThrows(FormatException.class, () -> BzImage.parse(garbage, "k").payload());
        assertEquals("k: offset 0x4000: payload starts with 01 02, not a compression the kernel knows (gzip, bzip2,"
                + " lzma, xz, lzo, lz4, zstd)", e.getMessage());

        byte[] zstd = new byte[new ZstdCompressor().maxCompressedLength(elf.length)];
        int n = new ZstdCompressor().compress(elf, 0, elf.length, zstd, 0, zstd.length);
        byte[] cut = withSize(Arrays.copyOf(zstd, n / 2), elf.length);
        e = assertThrows(FormatException.class,
                () -> PayloadDecompressor.decompress(BzImage.parse(bzImageWith(cut), "k").payload()));
        assertTrue(e.getMessage().startsWith("k: offset 0x4000: corrupt zstd payload: "), e.getMessage());

        byte[] wrongSize = withSize(Arrays.copyOf(zstd, n), elf.length + 10);
        e = assertThrows(FormatException.class,
                () -> PayloadDecompressor.decompress(BzImage.parse(bzImageWith(wrongSize), "k").payload()));
        assertTrue(e.getMessage().startsWith("k: offset 0x4000: zstd payload unpacks to " + elf.length + " bytes, its"
                + " trailing size says " + (elf.length + 10)), e.getMessage());

        byte[] file = kho.clone();
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(0x24c, 0x7fffff00);
        e = assertThrows(FormatException.class, () -> BzImage.parse(file, "k").payload());
        assertTrue(e.getMessage().startsWith("k: offset 0x248: payload at 0x42c4 (0x7fffff00 bytes) runs past the end"),
                e.getMessage());

        e = assertThrows(FormatException.class, () -> VmlinuxSections.parse(new byte[64], "v"));
        assertEquals("v: offset 0x0: the unpacked kernel is not an ELF file (no \\x7fELF magic)", e.getMessage());
    }

    /**
     * Found by mutation: a trailing size of about 1 GiB was allocated up front (OutOfMemoryError on a
     * 512 MiB heap). Past 32 times the stream it is refused at once; below that the buffer follows
     * what the stream gives.
     */
    @Test
    void aTrailingSizeFarBeyondTheStreamIsRefusedWithoutAllocatingIt() throws Exception {
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write(elf);
        }
        byte[] stream = gz.toByteArray();
        byte[] huge = stream.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putInt(huge.length - 4, 0x3ff00000);
        FormatException e = assertThrows(FormatException.class, () -> BzImage.parse(bzImageWith(huge), "k").payload());
        assertTrue(e.getMessage().contains("trailing uncompressed size 1072693248 is more than 32 times its "
                + huge.length + " compressed bytes: not a kernel's"), e.getMessage());

        byte[] big = withSize(Arrays.copyOf(stream, stream.length), elf.length);
        ByteBuffer.wrap(big).order(ByteOrder.LITTLE_ENDIAN).putInt(big.length - 4, 3 << 20);
        long before = allocated();
        e = assertThrows(FormatException.class,
                () -> PayloadDecompressor.decompress(BzImage.parse(bzImageWith(big), "k").payload()));
        assertTrue(allocated() - before < (3 << 20), "allocated " + (allocated() - before));
        assertTrue(e.getMessage().contains("corrupt gzip payload") || e.getMessage().contains("trailing size says "
                + (3 << 20)), e.getMessage());
    }

    /** Bytes this thread has allocated so far (HotSpot's per-thread counter). */
    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes();
    }

    private static void assertUnpacks(KernelCompression compression, byte[] payload) throws Exception {
        KernelPayload p = BzImage.parse(bzImageWith(payload), "k").payload();
        assertEquals(compression, p.compression());
        byte[] out = PayloadDecompressor.decompress(p);
        assertArrayEquals(elf, out, compression.name());
        assertEquals("kho-v4", new String(out, (int) VmlinuxSections.parse(out, "v").section(".rodata").orElseThrow()
                .offset(), 6));
    }

    static byte[] bzImageWith(byte[] payload) throws java.io.IOException {
        return TestKernels.bzImageWithPayload(payload);
    }

    /** scripts/Makefile.lib size_append: the uncompressed size as a little-endian u32 after the stream. */
    static byte[] withSize(byte[] stream) {
        return withSize(stream, elf.length);
    }

    static byte[] withSize(byte[] stream, int size) {
        byte[] out = Arrays.copyOf(stream, stream.length + 4);
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(stream.length, size);
        return out;
    }

    /** lz4 -l: the legacy magic, then u32 size + block per 8 MiB chunk (one here). */
    static byte[] lz4Legacy(byte[] data) {
        Lz4Compressor lz4 = new Lz4Compressor();
        byte[] block = new byte[lz4.maxCompressedLength(data.length)];
        int n = lz4.compress(data, 0, data.length, block, 0, block.length);
        ByteBuffer out = ByteBuffer.allocate(8 + n).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0x184c2102).putInt(n).put(block, 0, n);
        return out.array();
    }
}
