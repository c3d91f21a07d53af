package org.kexkit.capture;

import java.io.IOException;
import java.io.OutputStream;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;

/**
 * The LZ4 "legacy" frame that the kernel's initramfs unpacker reads (lib/decompress_unlz4.c):
 * magic 0x184C2102, then chunks of at most 8 MiB of input, each a little-endian u32 compressed
 * size followed by one LZ4 block. Chosen over gzip because it unpacks several times faster,
 * which counts under emulation and in a capture kernel.
 */
public final class Lz4LegacyOutputStream extends OutputStream {
    static final int MAGIC = 0x184C2102; // ARCHIVE_MAGICNUMBER in lib/decompress_unlz4.c
    static final int CHUNK = 8 << 20; // LZ4_DEFAULT_UNCOMPRESSED_CHUNK_SIZE

    private final OutputStream out;
    private final LZ4Compressor compressor = LZ4Factory.fastestInstance().highCompressor();
    private final byte[] chunk = new byte[CHUNK];
    private final byte[] packed = new byte[compressor.maxCompressedLength(CHUNK)];
    private int filled;

    public Lz4LegacyOutputStream(OutputStream out) throws IOException {
        this.out = out;
        writeLe32(MAGIC);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, CHUNK - filled);
            System.arraycopy(b, off, chunk, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == CHUNK) {
                flushChunk();
            }
        }
    }

    private void flushChunk() throws IOException {
        if (filled == 0) {
            return;
        }
        int size = compressor.compress(chunk, 0, filled, packed, 0, packed.length);
        writeLe32(size);
        out.write(packed, 0, size);
        filled = 0;
    }

    private void writeLe32(int v) throws IOException {
        out.write(v & 0xff);
        out.write((v >>> 8) & 0xff);
        out.write((v >>> 16) & 0xff);
        out.write((v >>> 24) & 0xff);
    }

    @Override
    public void close() throws IOException {
        flushChunk();
        out.close();
    }
}
