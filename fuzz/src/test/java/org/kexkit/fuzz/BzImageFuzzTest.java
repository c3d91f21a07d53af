package org.kexkit.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.kexkit.kexec.image.BzImage;
import org.kexkit.kexec.image.PayloadDecompressor;
import org.kexkit.kexec.image.VmlinuxSections;

/**
 * A bzImage as `kexec` and `kho check --next` read it: setup header, payload, the payload
 * unpacked (gzip, xz, lzma, lz4, zstd) and the vmlinux sections inside. Unpacking may give up to
 * 32 times the compressed bytes plus 4 MiB (KernelPayload.MAX_RATIO, RATIO_SLACK), so the bound is
 * that and a margin for the decoders' own buffers.
 */
class BzImageFuzzTest {
    @FuzzTest
    @DictionaryEntries({"HdrS", "7zXZ", "BZh", "LZO"})
    void bzImage(byte[] input) {
        Bounds.check("bzimage", input.length, 2 * 32 + 16, 16 << 20, () -> {
            BzImage image = BzImage.parse(input, "bzImage");
            image.protocolVersion();
            byte[] vmlinux = PayloadDecompressor.decompress(image.payload());
            VmlinuxSections.parse(vmlinux, "vmlinux").loadedData();
        });
    }
}
