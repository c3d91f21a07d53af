package org.kexkit.kexec.image;

import io.airlift.compress.MalformedInputException;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
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

    /**
     * The payload unpacked. Memory follows what the stream really gives, never the trailing size
     * alone: streams grow their buffer as they produce (a trailer that claims 1 GiB over a short
     * stream costs no more than the stream unpacks to), and {@link KernelPayload} already refused a
     * size beyond {@link KernelPayload#MAX_RATIO} times the compressed length.
     */
    public static byte[] decompress(KernelPayload payload) throws FormatException {
        int expected = (int) payload.uncompressedSize();
        byte[] out;
        try {
            out = switch (payload.compression()) {
                case GZIP, GZIP_OLD -> stream(new GZIPInputStream(input(payload), 1 << 16), payload);
                case XZ -> stream(new XZInputStream(input(payload)), payload);
                case LZMA -> stream(new LZMAInputStream(input(payload)), payload);
                case ZSTD -> zstd(payload);
                case LZ4 -> lz4Legacy(payload);
                case BZIP2, LZO -> throw error(payload, "unsupported compression " + payload.compression().kernelName()
                        + ": kexkit unpacks gzip, xz, lzma, lz4 and zstd kernels");
            };
        } catch (IOException | MalformedInputException | IndexOutOfBoundsException | IllegalArgumentException e) {
            // XZ for Java reports some corrupt headers as IllegalArgumentException, aircompressor some as
            // IllegalArgumentException or IndexOutOfBounds: all are the payload's fault
            throw error(payload, "corrupt " + payload.compression().kernelName() + " payload: " + e.getMessage());
        }
        if (out.length != expected) {
            throw error(payload, payload.compression().kernelName() + " payload unpacks to "
                    + (out.length > expected ? "more than " + expected : String.valueOf(out.length))
                    + " bytes, its trailing size says " + expected);
        }
        return out;
    }

    /** A first buffer for a stream: what it probably unpacks to, the trailing size only if smaller. */
    private static int firstBuffer(KernelPayload payload) {
        return (int) Math.min(payload.uncompressedSize(), 4L * payload.streamLength() + (64 << 10));
    }

    private static InputStream input(KernelPayload payload) {
        return new ByteArrayInputStream(payload.data(), 0, payload.streamLength());
    }

    /**
     * Reads the stream into a buffer that doubles as it fills, up to the trailing size; one byte
     * more than that makes the result one byte too long (reported by the caller).
     */
    private static byte[] stream(InputStream in, KernelPayload payload) throws IOException {
        int limit = (int) payload.uncompressedSize();
        try (in) {
            byte[] out = new byte[firstBuffer(payload)];
            int n = 0;
            while (true) {
                int got = in.readNBytes(out, n, out.length - n);
                n += got;
                if (n < out.length) {
                    return Arrays.copyOf(out, n);
                }
                if (out.length == limit) {
                    return in.read() >= 0 ? Arrays.copyOf(out, limit + 1) : out;
                }
                out = Arrays.copyOf(out, (int) Math.min(limit, 2L * out.length));
            }
        }
    }

    /**
     * The kernel packs with zstd -22 --ultra, whose frames declare a 128 MiB window; aircompressor
     * 0.27 refuses windows over 8 MiB although its one-shot decoder writes into the whole output
     * and keeps no window buffer. So the frame header declares 8 MiB while it decodes
     * (RFC 8878 3.1.1.1.2: Window_Descriptor exponent 13, mantissa 0); the stream is unchanged,
     * and the frame's content checksum, which the kernel's zstd writes, is still verified.
     */
    private static byte[] zstd(KernelPayload payload) throws FormatException {
        byte[] in = payload.data();
        // the frame header's Frame_Content_Size, where the kernel's zstd writes it, must agree before
        // the one-shot decoder gets an output array of that size
        long declared = ZstdDecompressor.getDecompressedSize(in, 0, payload.streamLength());
        if (declared >= 0 && declared != payload.uncompressedSize()) {
            throw error(payload, "zstd payload unpacks to " + declared + " bytes, its trailing size says "
                    + payload.uncompressedSize());
        }
        byte[] out = new byte[(int) payload.uncompressedSize()];
        boolean lowered = false;
        byte window = 0;
        if (in.length > 5 && (in[4] & 0x20) == 0 && (in[5] & 0xff) > ZSTD_WINDOW_8M) {
            // Single_Segment_flag clear: byte 5 is the Window_Descriptor
            window = in[5];
            in[5] = (byte) ZSTD_WINDOW_8M;
            lowered = true;
        }
        try {
            int n = new ZstdDecompressor().decompress(in, 0, payload.streamLength(), out, 0, out.length);
            return n == out.length ? out : Arrays.copyOf(out, n);
        } finally {
            if (lowered) {
                in[5] = window; // the payload's own copy of the bytes, restored as it was
            }
        }
    }

    /** u32 magic, then chunks of u32 compressed size + one LZ4 block; the magic may repeat. */
    private static byte[] lz4Legacy(KernelPayload payload) throws FormatException {
        byte[] in = payload.data();
        int end = payload.streamLength();
        int limit = (int) payload.uncompressedSize();
        int pos = 0;
        int produced = 0;
        byte[] out = new byte[firstBuffer(payload)];
        Lz4Decompressor lz4 = new Lz4Decompressor();
        while (pos + 4 <= end && produced < limit) {
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
            int room = Math.min(LZ4_CHUNK, limit - produced);
            if (out.length - produced < room) {
                // a chunk may fill its whole 8 MiB: the buffer grows by what a chunk can give, no more
                out = Arrays.copyOf(out, (int) Math.min(limit, Math.max(2L * out.length, (long) produced + room)));
            }
            produced += lz4.decompress(in, pos + 4, (int) word, out, produced, room);
            pos += 4 + (int) word;
        }
        return produced == out.length ? out : Arrays.copyOf(out, produced);
    }

    private static long le32(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }

    private static FormatException error(KernelPayload payload, String problem) {
        return new FormatException(payload.source(), payload.fileOffset(), problem);
    }
}
