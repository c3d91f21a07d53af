package org.kexkit.kexec.image;

import java.util.Arrays;
import org.kexkit.bin.ByteCursor;
import org.kexkit.bin.FormatException;

/**
 * The compressed kernel inside a bzImage: setup_header.payload_offset (from the start of the
 * protected-mode part) and payload_length (boot protocol 2.08+, Documentation/arch/x86/boot.rst),
 * its compression from the magic, and the size it unpacks to. Every kernel compressor but gzip is
 * run with scripts/Makefile.lib's size_append, which adds the uncompressed size as a little-endian
 * u32 after the stream; gzip's own trailer ends in the same field (ISIZE).
 *
 * @param fileOffset where the payload starts in the bzImage file, for messages
 */
public record KernelPayload(String source, long fileOffset, KernelCompression compression, byte[] data,
        long uncompressedSize) {
    /** A vmlinux is tens of MiB; anything past this is a damaged size field, not a kernel. */
    public static final long MAX_UNCOMPRESSED = 1L << 30;
    /**
     * Kernel compressors shrink a vmlinux 3 to 6 times; a trailing size over this many times the
     * compressed length (plus {@link #RATIO_SLACK}) is a damaged field or a bomb, never a kernel,
     * and refusing it bounds what unpacking may allocate.
     */
    public static final long MAX_RATIO = 32;
    /** Added to the ratio bound so that tiny test payloads of zeros still unpack. */
    public static final long RATIO_SLACK = 4L << 20;

    public static KernelPayload of(BzImage image, byte[] file) throws FormatException {
        String name = image.name();
        long start = image.setupSize() + image.payloadOffset();
        long length = image.payloadLength();
        ByteCursor c = ByteCursor.of(file, name, 0);
        if (length < 6) {
            throw c.errorAt(BzImage.PAYLOAD_LENGTH, "payload_length " + length + " is too short for a compressed kernel");
        }
        if (start + length > file.length) {
            throw c.errorAt(BzImage.PAYLOAD_OFFSET, "payload at 0x" + Long.toHexString(start) + " (0x"
                    + Long.toHexString(length) + " bytes) runs past the end of the file (0x"
                    + Long.toHexString(file.length) + " bytes)");
        }
        KernelCompression compression = KernelCompression.of(file, (int) start).orElseThrow(() -> c.errorAt(start,
                String.format("payload starts with %02x %02x, not a compression the kernel knows"
                        + " (gzip, bzip2, lzma, xz, lzo, lz4, zstd)", file[(int) start] & 0xff,
                        file[(int) start + 1] & 0xff)));
        int sizeAt = (int) (start + length - 4);
        c.seek(sizeAt);
        long size = c.u32();
        if (size == 0 || size > MAX_UNCOMPRESSED) {
            throw c.errorAt(sizeAt, "the payload's trailing uncompressed size " + size + " is not a kernel's");
        }
        if (size > MAX_RATIO * length + RATIO_SLACK) {
            throw c.errorAt(sizeAt, "the payload's trailing uncompressed size " + size + " is more than " + MAX_RATIO
                    + " times its " + length + " compressed bytes: not a kernel's");
        }
        return new KernelPayload(name, start, compression, Arrays.copyOfRange(file, (int) start, (int) (start + length)),
                size);
    }

    /** The compressed stream without the trailing size (gzip keeps it: it is part of its trailer). */
    public int streamLength() {
        return compression == KernelCompression.GZIP || compression == KernelCompression.GZIP_OLD ? data.length
                : data.length - 4;
    }
}
