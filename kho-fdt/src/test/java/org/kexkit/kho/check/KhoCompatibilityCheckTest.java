package org.kexkit.kho.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.kho.KhoAbi;
import org.kexkit.kho.KhoSamples;
import org.kexkit.kho.system.KhoDebugfs;
import org.kexkit.kho.system.KhoDebugfsReader;
import org.kexkit.kho.system.KhoDebugfsTrees;

class KhoCompatibilityCheckTest {
    @TempDir
    Path dir;

    /** A made-up data section: string constants separated by NULs, with some noise around them. */
    static NextKernelStrings kernelWith(String... strings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xff, 0x41, 0});
        for (String s : strings) {
            out.writeBytes((s + "\0").getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(new byte[] {0x13, 0x37});
        byte[] image = out.toByteArray();
        return NextKernelStrings.scan(image, List.of(new NextKernelStrings.Region(0, image.length)),
                List.of(KhoAbi.KEXEC_METADATA));
    }

    @Test
    void scannerFindsWholeStringsOnly() {
        NextKernelStrings s = kernelWith("kho-v4", "xluo-v5", "luo-v5x", "memblock-v12", "KHO: kexec-metadata blob",
                "reserve-mem-v1", "unrelated-v3");
        assertEquals(Set.of("kho-v4", "memblock-v12", "reserve-mem-v1"), s.versions());
        assertEquals(Set.of(), s.names());
        assertEquals(Set.of("memblock-v12"), s.family("memblock"));
        assertEquals(Set.of("kexec-metadata"), kernelWith("kexec-metadata").names());
        // memfd's compatible sits in a char array of an initialised struct, after a kernel pointer's 0xff byte
        byte[] data = {0x40, (byte) 0xb4, 0x61, (byte) 0x81, (byte) 0xff, 'm', 'e', 'm', 'f', 'd', '-', 'v', '2', 0, 0};
        assertEquals(Set.of("memfd-v2"), NextKernelStrings.scan(data, List.of(new NextKernelStrings.Region(0,
                data.length)), List.of()).versions());
    }

    @Test
    void stage1HandoverFromTheCutFdt() throws Exception {
        OutgoingHandover out = OutgoingHandoverReader.read(read(KhoDebugfsTrees.stage1(dir)));
        assertEquals("kho-v4", out.rootVersion());
        assertTrue(out.rootSource().endsWith("out/fdt (its first property; the file is cut)"), out.rootSource());
        assertEquals(List.of("LUO", "kexec-metadata", "memblock"), out.subtrees().stream().map(Requirement::subtree)
                .toList());
        assertEquals(List.of("luo-v5"), out.subtrees().get(0).versions());
        assertEquals(List.of("memfd-v2"), out.subtrees().get(0).optional());
        assertEquals(List.of("kexec-metadata"), out.subtrees().get(1).names());
        assertEquals(List.of("memblock-v1", "reserve-mem-v1"), out.subtrees().get(2).versions());
    }

    @Test
    void stage2HandoverTakesTheRootVersionFromIn() throws Exception {
        OutgoingHandover out = OutgoingHandoverReader.read(read(KhoDebugfsTrees.stage2(dir)));
        assertEquals("kho-v4", out.rootVersion());
        assertTrue(out.rootSource().endsWith("in/fdt (this kernel took it, so it speaks the same root version)"));
        assertEquals(3, out.subtrees().size());
    }

    @Test
    void aCompleteOutFdtAddsItsSubtrees() throws Exception {
        KhoDebugfsTrees.stage1(dir);
        Path out = dir.resolve("sys/kernel/debug/kho/out");
        Files.copy(KhoSamples.file("stage3-in-fdt.dtb"), out.resolve("fdt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.delete(out.resolve("sub_fdts/memblock"));
        OutgoingHandover handover = OutgoingHandoverReader.read(read(dir));
        assertTrue(handover.rootSource().endsWith("out/fdt"), handover.rootSource());
        Requirement memblock = handover.subtrees().get(0);
        assertEquals("memblock", memblock.subtree());
        assertEquals(List.of("memblock-v1", "reserve-mem-v1"), memblock.versions());
        assertTrue(memblock.source().startsWith("assumed: no "), memblock.source());
    }

    @Test
    void anOlderGenerationsOutFdtGivesItsOwnRootVersion() throws Exception {
        KhoDebugfsTrees.stage1(dir);
        Path out = dir.resolve("sys/kernel/debug/kho/out");
        Files.write(out.resolve("fdt"), org.kexkit.kho.KhoGenerationBlobs.root(org.kexkit.kho.KhoGeneration.V3));
        OutgoingHandover handover = OutgoingHandoverReader.read(read(dir));
        assertEquals("kho-v3", handover.rootVersion());
        assertEquals("root (kho-v3): refuse: the next kernel speaks kho-v4, not kho-v3: it would turn KHO revival off"
                + " and drop every subtree", KhoCompatibilityCheck.check(handover, kernelWith("kho-v4")).root().line());
    }

    @Test
    void aCorruptOutFdtIsNamedNotAssumedSilently() throws Exception {
        KhoDebugfsTrees.stage1(dir);
        Path fdt = dir.resolve("sys/kernel/debug/kho/out/fdt");
        byte[] whole = Files.readAllBytes(KhoSamples.file("stage3-in-fdt.dtb"));
        whole[0x38] = 0x7f; // the first structure token: FDT_BEGIN_NODE (1) becomes garbage; the size stays whole
        Files.write(fdt, whole);
        OutgoingHandover out = OutgoingHandoverReader.read(read(dir));
        assertEquals("kho-v4", out.rootVersion());
        assertTrue(out.rootSource().startsWith("assumed from 7.2's debugfs layout; " + fdt + ": offset 0x"),
                out.rootSource());
        assertEquals(1, out.warnings().size());
        String warning = out.warnings().get(0);
        assertTrue(warning.startsWith("the outgoing root FDT cannot be read: " + fdt + ": offset 0x"), warning);
        assertTrue(warning.endsWith("; the root version kho-v4 is assumed"), warning);
        KhoCheckResult result = KhoCompatibilityCheck.check(out, kernelWith("kho-v4", "memblock-v1", "reserve-mem-v1",
                "luo-v5", "memfd-v2", "kexec-metadata"));
        assertEquals(List.of(warning), result.warnings());

        // kernel 2 reads its root version from in/fdt, and still says out/fdt is corrupt
        Path two = Files.createDirectories(dir.resolve("two"));
        KhoDebugfsTrees.stage2(two);
        Path fdt2 = two.resolve("sys/kernel/debug/kho/out/fdt");
        Files.write(fdt2, whole);
        OutgoingHandover second = OutgoingHandoverReader.read(read(two));
        assertTrue(second.rootSource().contains("in/fdt (this kernel took it, so it speaks the same root version); "
                + fdt2 + ": offset 0x"), second.rootSource());
        assertTrue(second.warnings().get(0).endsWith(" is taken from " + two.resolve("sys/kernel/debug/kho/in/fdt")),
                second.warnings().get(0));
    }

    @Test
    void verdicts() throws Exception {
        OutgoingHandover out = OutgoingHandoverReader.read(read(KhoDebugfsTrees.stage1(dir)));
        KhoCheckResult all = KhoCompatibilityCheck.check(out, kernelWith("kho-v4", "memblock-v1", "reserve-mem-v1",
                "luo-v5", "memfd-v2", "kexec-metadata"));
        assertTrue(all.accepted());
        assertEquals(List.of(), all.warnings());
        assertEquals(List.of(), out.warnings(), "a cut out/fdt is 7.2.13's known fault, not a warning");
        assertEquals("memblock (memblock-v1, reserve-mem-v1): accept", all.subtrees().get(2).line());

        KhoCheckResult none = KhoCompatibilityCheck.check(out, kernelWith("memblock"));
        assertFalse(none.accepted());
        assertEquals(List.of("root (kho-v4): refuse: the next kernel has no KHO (no kho-vN string): it would drop every"
                + " subtree", "LUO (luo-v5): refuse: dropped with the root (the live update sessions and their files"
                + " would be lost)", "kexec-metadata: refuse: dropped with the root (the previous release and kexec"
                + " count would be lost)", "memblock (memblock-v1, reserve-mem-v1): refuse: dropped with the root (the"
                + " reserve_mem regions would be lost)"), none.problems().stream().map(LayerVerdict::line).toList());

        assertEquals("it would drop the KHO subtrees LUO, kexec-metadata, memblock (root kho-v4: the next kernel has no"
                + " KHO (no kho-vN string): it would drop every subtree)", none.lossSummary());

        KhoCheckResult newer = KhoCompatibilityCheck.check(out, kernelWith("kho-v5", "memblock-v1"));
        assertEquals("root (kho-v4): refuse: the next kernel speaks kho-v5, not kho-v4: it would turn KHO revival off"
                + " and drop every subtree", newer.root().line());

        KhoCheckResult luo6 = KhoCompatibilityCheck.check(out, kernelWith("kho-v4", "memblock-v1", "reserve-mem-v1",
                "luo-v6", "kexec-metadata"));
        assertEquals(List.of("LUO (luo-v5): refuse: the next kernel lacks luo-v5 (it has luo-v6) (the live update"
                + " sessions and their files would be lost)"), luo6.problems().stream().map(LayerVerdict::line).toList());
        assertEquals(List.of("LUO: the next kernel lacks memfd-v2: files of that type in its sessions would not be"
                + " restored"), luo6.warnings());
        KhoCheckResult noMeta = KhoCompatibilityCheck.check(out, kernelWith("kho-v4", "memblock-v1", "reserve-mem-v1",
                "luo-v5", "memfd-v2"));
        assertEquals(List.of("kexec-metadata: refuse: the next kernel does not read a kexec-metadata subtree (the"
                + " previous release and kexec count would be lost)"), noMeta.problems().stream().map(LayerVerdict::line)
                .toList());
    }

    @Test
    void unknownSubtrees() throws Exception {
        KhoDebugfsTrees.stage1(dir);
        Files.write(dir.resolve("sys/kernel/debug/kho/out/sub_fdts/ftrace"), new byte[] {1, 2, 3});
        OutgoingHandover out = OutgoingHandoverReader.read(read(dir));
        KhoCheckResult r = KhoCompatibilityCheck.check(out, kernelWith("kho-v4", "memblock-v1", "reserve-mem-v1",
                "luo-v5", "memfd-v2", "kexec-metadata"));
        assertEquals(List.of("ftrace: unknown: a subtree kexkit does not know, and the next kernel has no \"ftrace\""
                + " string: it is most likely dropped"), r.problems().stream().map(LayerVerdict::line).toList());
    }

    private static KhoDebugfs read(Path root) throws Exception {
        Optional<KhoDebugfs> kho = new KhoDebugfsReader(root).read();
        return kho.orElseThrow();
    }
}
