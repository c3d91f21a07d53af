package org.kexkit.kexec.kho;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.kexkit.bin.FormatException;
import org.kexkit.kexec.image.BzImage;
import org.kexkit.kexec.image.KernelPayload;
import org.kexkit.kexec.image.PayloadDecompressor;
import org.kexkit.kexec.image.VmlinuxSections;
import org.kexkit.kho.check.NextKernelStrings;

/**
 * A next kernel as the KHO pre-flight check sees it: its bzImage payload unpacked, and the KHO
 * version strings and subtree names found in the vmlinux's loaded data sections.
 *
 * @param compression the payload's compression as the kernel names it (gzip, zstd, ...)
 */
public record NextKernel(String path, String compression, int unpackedBytes, NextKernelStrings strings,
        VmlinuxSections sections) {
    /** Unpacks {@code kernel} and scans it for KHO's version strings and for the subtree {@code names}. */
    public static NextKernel unpack(Path kernel, Set<String> names) throws IOException, FormatException {
        BzImage image = BzImage.read(kernel);
        KernelPayload payload = image.payload();
        byte[] vmlinux = PayloadDecompressor.decompress(payload);
        VmlinuxSections sections = VmlinuxSections.parse(vmlinux, kernel + " (unpacked "
                + payload.compression().kernelName() + " payload)");
        List<NextKernelStrings.Region> regions = new ArrayList<>();
        for (VmlinuxSections.Section s : sections.loadedData()) {
            regions.add(new NextKernelStrings.Region((int) s.offset(), (int) s.size()));
        }
        return new NextKernel(kernel.toString(), payload.compression().kernelName(), vmlinux.length,
                NextKernelStrings.scan(vmlinux, regions, names), sections);
    }
}
