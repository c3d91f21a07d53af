package org.kexkit.pmem.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kexkit.bin.PhysRange;
import org.kexkit.pmem.NamespaceMode;
import org.kexkit.pmem.PfnMode;
import org.kexkit.pmem.PmemLayout;
import org.kexkit.pmem.PmemLayoutText;
import org.kexkit.pmem.PmemResource;
import org.kexkit.pmem.PmemResourceKind;
import org.kexkit.testing.Fixtures;

/**
 * The trees recorded in a QEMU guest of Debian's 7.2 kernel (sysroot/qemu-7.2-fsdax/README): the
 * first kernel's enabled pfn devices and the capture kernel's raw namespaces with their info blocks
 * give the layout the guest's own kexkit recorded.
 */
class QemuSysrootTest {
    static final Path DIR = Fixtures.path("sysroot/qemu-7.2-fsdax");
    /** The persistent memory lines of the recorded /proc/iomem (the loader's iomem parser gives them in kexec-loader). */
    static final List<PmemResource> IOMEM = List.of(
            new PmemResource(PhysRange.inclusive(0x100000000L, 0x10fffffffL), PmemResourceKind.PERSISTENT_MEMORY, List.of()),
            new PmemResource(PhysRange.inclusive(0x110000000L, 0x11fffffffL), PmemResourceKind.PERSISTENT_MEMORY, List.of()));

    @Test
    void firstAndCaptureKernelAgreeWithTheRecordedLayout() throws Exception {
        String recorded = Files.readString(DIR.resolve("pmem-layout"));
        for (String kernel : List.of("first", "capture")) {
            try (PmemSystemReader reader = new PmemSystemReader(DIR.resolve(kernel))) {
                PmemLayout layout = reader.layout(IOMEM);
                assertEquals(recorded, PmemLayoutText.write(layout), kernel);
                assertEquals(NamespaceMode.FSDAX, layout.namespaces().get(0).mode());
                assertEquals(PfnMode.PMEM, layout.namespaces().get(0).memmap());
                assertEquals(6L << 20, layout.namespaces().get(0).metadataBytes());
                assertEquals(PfnMode.RAM, layout.namespaces().get(1).memmap());
                assertEquals(2L << 20, layout.namespaces().get(1).metadataBytes());
            }
        }
    }
}
