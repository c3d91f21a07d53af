package org.kexkit.kexec.image;

import io.airlift.compress.MalformedInputException;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.kexkit.bin.FormatException;
import org.tukaani.xz.LZMAInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Unpacks a bzImage payload into the vmlinux ELF it holds, in pure Java: gzip with java.util.zip,
 * zstd and the lz4 legacy frame with aircompressor, xz and lzma with XZ for Java. bzip2 and lzo
 * are refused with one line: both are rare for x86 kernels and would need another library.
 */
public final class PayloadDecompressor {
    /** lib/decompress_unlz4.c: ARCHIVE_MAGICNUMBER, which may also start a later chunk list. */
    private static final long LZ4_LEGACY_MAGIC = 0x184c2102L;
    /** lz4 -l: every chunk but the last unpacks to LZ4_DEFAULT_UNCOMPRESSED_CHUNK_SIZE (8 MiB). */
    private static final int LZ4_CHUNK = 8 << 20;
    /** Window_Descriptor of an 8 MiB window: exponent 23 - 10 = 13 in bits 7..3. */
    private static final int ZSTD_WINDOW_8M = 13 << 3;

    private PayloadDecompressor() {
    }

    public static byte[] decompress(KernelPayload payload) throws FormatException {
        byte[] out = new byte[(int) payload.uncompressedSize()];
        int produced;
        try {
            produced = switch (payload.compression()) {
                case GZIP, GZIP_OLD -> stream(new GZIPInputStream(input(payload), 1 << 16), out);
                case XZ -> stream(new XZInputStream(input(payload)), out);
                case LZMA -> stream(new LZMAInputStream(input(payload)), out);
                case ZSTD -> zstd(payload, out);
                case LZ4 -> lz4Legacy(payload, out);
                case BZIP2, LZO -> throw error(payload, "unsupported compression " + payload.compression().kernelName()
                        + ": kexkit unpacks gzip, xz, lzma, lz4 and zstd kernels");
            };
        } catch (IOException | MalformedInputException | IndexOutOfBoundsException e) {
            throw error(payload, "corrupt " + payload.compression().kernelName() + " payload: " + e.getMessage());
        }
        if (produced != out.length) {
            throw error(payload, payload.compression().kernelName() + " payload unpacks to " + produced
                    + " bytes, its trailing size says " + out.length);
        }
        return out;
    }

    private static InputStream input(KernelPayload payload) {
        return new ByteArrayInputStream(payload.data(), 0, payload.streamLength());
    }

    private static int stream(InputStream in, byte[] out) throws IOException {
        try (in) {
            int n = in.readNBytes(out, 0, out.length);
            if (n == out.length && in.read() >= 0) {
                return n + 1; // more than the size field promised
            }
            return n;
        }
    }

    /**
     * The kernel packs with zstd -22 --ultra, whose frames declare a 128 MiB window; aircompressor
     * 0.27 refuses windows over 8 MiB although its one-shot decoder writes into the whole output
     * and keeps no window buffer. So the frame header declares 8 MiB while it decodes
     * (RFC 8878 3.1.1.1.2: Window_Descriptor exponent 13, mantissa 0); the stream is unchanged,
     * and the frame's content checksum, which the kernel's zstd writes, is still verified.
     */
    private static int zstd(KernelPayload payload, byte[] out) {
        byte[] in = payload.data();
        boolean lowered = false;
        byte window = 0;
        if (in.length > 5 && (in[4] & 0x20) == 0 && (in[5] & 0xff) > ZSTD_WINDOW_8M) {
            // Single_Segment_flag clear: byte 5 is the Window_Descriptor
            window = in[5];
            in[5] = (byte) ZSTD_WINDOW_8M;
            lowered = true;
        }
        try {
            return new ZstdDecompressor().decompress(in, 0, payload.streamLength(), out, 0, out.length);
        } finally {
            if (lowered) {
                in[5] = window; // the payload's own copy of the bytes, restored as it was
            }
        }
    }

    /** u32 magic, then chunks of u32 compressed size + one LZ4 block; the magic may repeat. */
    private static int lz4Legacy(KernelPayload payload, byte[] out) throws FormatException {
        byte[] in = payload.data();
        int end = payload.streamLength();
        int pos = 0;
        int produced = 0;
        Lz4Decompressor lz4 = new Lz4Decompressor();
        while (pos + 4 <= end && produced < out.length) {
            long word = le32(in, pos);
            if (word == LZ4_LEGACY_MAGIC) {
                pos += 4;
                continue;
            }
            if (pos == 0) {
                throw error(payload, "lz4 payload does not start with the legacy frame magic 0x184c2102");
            }
            if (word > end - pos - 4) {
                throw new FormatException(payload.source(), payload.fileOffset() + pos, "lz4 chunk of " + word
                        + " bytes runs past the end of the payload");
            }
            produced += lz4.decompress(in, pos + 4, (int) word, out, produced, Math.min(LZ4_CHUNK, out.length - produced));
            pos += 4 + (int) word;
        }
        return produced;
    }

    private static long le32(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }

    private static FormatException error(KernelPayload payload, String problem) {
        return new FormatException(payload.source(), payload.fileOffset(), problem);
    }
}
