package org.kexkit.kexec.image;

import java.util.Optional;

/**
 * The compressions a bzImage payload can use, recognised by their first two bytes as the kernel's
 * own decompressor picks them (lib/decompress.c, compressed_formats[]). The names are the kernel's.
 */
public enum KernelCompression {
    GZIP("gzip", 0x1f, 0x8b),
    /** Old gzip magic, which lib/decompress.c still accepts. */
    GZIP_OLD("gzip", 0x1f, 0x9e),
    BZIP2("bzip2", 0x42, 0x5a),
    LZMA("lzma", 0x5d, 0x00),
    XZ("xz", 0xfd, 0x37),
    LZO("lzo", 0x89, 0x4c),
    /** The lz4 legacy frame (magic 0x184c2102), lib/decompress_unlz4.c. */
    LZ4("lz4", 0x02, 0x21),
    ZSTD("zstd", 0x28, 0xb5);

    private final String kernelName;
    private final int first;
    private final int second;

    KernelCompression(String kernelName, int first, int second) {
        this.kernelName = kernelName;
        this.first = first;
        this.second = second;
    }

    /** The name the kernel's Kconfig and decompressor use (CONFIG_KERNEL_ZSTD: "zstd"). */
    public String kernelName() {
        return kernelName;
    }

    public static Optional<KernelCompression> of(byte[] data, int offset) {
        if (data.length - offset < 2) {
            return Optional.empty();
        }
        int a = data[offset] & 0xff;
        int b = data[offset + 1] & 0xff;
        for (KernelCompression c : values()) {
            if (c.first == a && c.second == b) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
