package org.kexkit.pmem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.kexkit.bin.PhysRange;
import org.kexkit.pmem.system.NdBusReader;
import org.kexkit.pmem.system.PmemSystemReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PmemDiscoveryTest {
    static final List<PmemResource> IOMEM = List.of(
            new PmemResource(PmemSamples.DEV_NAMESPACE, PmemResourceKind.PERSISTENT_MEMORY, List.of()),
            new PmemResource(PmemSamples.MEM_NAMESPACE, PmemResourceKind.PERSISTENT_MEMORY, List.of()));

    @TempDir
    Path root;

    @Test
    void firstKernelFromSysfsAlone() throws Exception {
        PmemSamples.firstKernel(root);
        NdBus bus = new NdBusReader(root).read();
        assertEquals(2, bus.regions().size());
        assertEquals(3, bus.namespaces().size());
        assertEquals(OptionalLong.empty(), bus.namespaces().get(1).resource()); // namespace0.1, a seed
        PmemLayout layout = PmemDiscovery.discover(IOMEM, bus, ns -> Optional.empty());
        assertEquals(PmemLayoutText.write(expected()), PmemLayoutText.write(layout));
    }

    @Test
    void captureKernelFromTheInfoBlocks() throws Exception {
        PmemSamples.captureKernel(root, head(PfnMode.PMEM, PmemSamples.DEV_DATAOFF), head(PfnMode.RAM, PmemSamples.MEM_DATAOFF));
        try (PmemSystemReader reader = new PmemSystemReader(root)) {
            assertEquals(PmemLayoutText.write(expected()), PmemLayoutText.write(reader.layout(IOMEM)));
        }
    }

    @Test
    void corruptInfoBlockMakesTheNamespaceAllUserData() throws Exception {
        byte[] dev = head(PfnMode.PMEM, PmemSamples.DEV_DATAOFF);
        dev[4096 + 200] ^= 0x40; // in the padding: only the checksum notices
        PmemSamples.captureKernel(root, dev, head(PfnMode.RAM, PmemSamples.MEM_DATAOFF));
        try (PmemSystemReader reader = new PmemSystemReader(root)) {
            PmemLayout layout = reader.layout(IOMEM);
            PmemNamespace ns = layout.namespaces().get(0);
            assertEquals(NamespaceMode.FSDAX, ns.mode());
            assertEquals(Optional.empty(), ns.metadata());
            assertEquals(List.of(PmemSamples.DEV_NAMESPACE), ns.userData());
            assertTrue(ns.problem().get().startsWith("namespace0.0: offset 0x1ff8: expected info block checksum"),
                    ns.problem().get());
            assertEquals(List.of(new PhysRange(PmemSamples.MEM_NAMESPACE.start(),
                    PmemSamples.MEM_NAMESPACE.start() + PmemSamples.MEM_DATAOFF)), layout.metadataRanges());
        }
    }

    @Test
    void dataOffsetPastTheNamespaceIsAProblemToo() throws Exception {
        PmemSamples.captureKernel(root, head(PfnMode.PMEM, PmemSamples.DEV_NAMESPACE.size() + 4096),
                head(PfnMode.RAM, PmemSamples.MEM_DATAOFF));
        try (PmemSystemReader reader = new PmemSystemReader(root)) {
            PmemNamespace ns = reader.layout(IOMEM).namespaces().get(0);
            assertEquals("namespace0.0: offset 0x1038: expected dataoff inside the namespace (0x10000000 bytes),"
                    + " found 0x10001000", ns.problem().get());
        }
    }

    @Test
    void rawAndSectorNamespacesHaveNoMetadata() throws Exception {
        byte[] btt = new byte[16384];
        System.arraycopy(InfoBlockSignature.BTT.bytes(), 0, btt, 4096, 16);
        PmemSamples.captureKernel(root, new byte[16384], btt);
        try (PmemSystemReader reader = new PmemSystemReader(root)) {
            PmemLayout layout = reader.layout(IOMEM);
            assertEquals(NamespaceMode.RAW, layout.namespaces().get(0).mode());
            assertEquals(NamespaceMode.SECTOR, layout.namespaces().get(1).mode());
            assertEquals(List.of(), layout.metadataRanges());
            assertEquals(List.of(), layout.problems());
        }
    }

    @Test
    void aRecordedLayoutIsCheckedAgainstTheDevice() throws Exception {
        PmemNamespace recorded = expected().namespaces().get(0);
        NamespaceBytes good = bytes(head(PfnMode.PMEM, PmemSamples.DEV_DATAOFF));
        assertEquals(recorded, PmemDiscovery.verify(recorded, new byte[16], good));
        NamespaceBytes raw = bytes(new byte[16384]); // the signature is gone: not the recorded namespace
        assertEquals("namespace0.0: offset 0x1000: expected info block signature NVDIMM_PFN_INFO or NVDIMM_DAX_INFO,"
                + " found '\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0'",
                PmemDiscovery.verify(recorded, new byte[16], raw).problem().get());
        NamespaceBytes moved = bytes(head(PfnMode.PMEM, 8L << 20));
        assertTrue(PmemDiscovery.verify(recorded, new byte[16], moved).problem().get()
                .contains("says data at 0x140800000, memmap pmem; the recorded layout says 0x140600000, pmem"));
    }

    @Test
    void withoutLibnvdimmARegionIsPmemInNoNamespace() {
        PmemLayout layout = PmemDiscovery.discover(IOMEM, NdBus.EMPTY, ns -> Optional.empty());
        assertEquals("pmem@0x140000000", layout.regions().get(0).name());
        assertEquals(List.of(), layout.namespaces());
        assertEquals(List.of(PmemSamples.DEV_NAMESPACE, PmemSamples.MEM_NAMESPACE), layout.userDataRanges());
    }

    static PmemLayout expected() {
        return new PmemLayout(List.of(
                new PmemRegion("region0", PmemSamples.DEV_NAMESPACE, PmemResourceKind.PERSISTENT_MEMORY, List.of(),
                        List.of(PmemNamespace.withMetadata("namespace0.0", "region0", PmemSamples.DEV_NAMESPACE,
                                NamespaceMode.FSDAX, PfnMode.PMEM, PmemSamples.DEV_NAMESPACE.start() + PmemSamples.DEV_DATAOFF))),
                new PmemRegion("region1", PmemSamples.MEM_NAMESPACE, PmemResourceKind.PERSISTENT_MEMORY, List.of(),
                        List.of(PmemNamespace.withMetadata("namespace1.0", "region1", PmemSamples.MEM_NAMESPACE,
                                NamespaceMode.FSDAX, PfnMode.RAM, PmemSamples.MEM_NAMESPACE.start() + PmemSamples.MEM_DATAOFF)))));
    }

    static byte[] head(PfnMode mode, long dataoff) {
        return PmemSamples.namespaceHead(PmemSamples.block(mode, dataoff, PmemSamples.DEV_NAMESPACE.size()).toBytes(), 16384);
    }

    static NamespaceBytes bytes(byte[] data) {
        return new NamespaceBytes() {
            @Override
            public String name() {
                return "/dev/pmem0";
            }

            @Override
            public int read(long offset, byte[] dst, int at, int length) throws IOException {
                int n = (int) Math.max(0, Math.min(length, data.length - offset));
                System.arraycopy(data, (int) offset, dst, at, n);
                return n;
            }
        };
    }
}
