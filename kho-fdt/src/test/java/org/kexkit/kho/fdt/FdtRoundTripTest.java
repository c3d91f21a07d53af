package org.kexkit.kho.fdt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kexkit.kho.KhoSamples;

class FdtRoundTripTest {
    /** Every complete .dtb sample; the truncated one is a reader error (FdtReaderErrorTest). */
    static List<String> completeDtbs() {
        List<String> names = KhoSamples.named(".dtb").stream().filter(n -> !n.contains("truncated")).toList();
        assertFalse(names.isEmpty());
        return names;
    }

    @ParameterizedTest
    @MethodSource("completeDtbs")
    void parseThenWriteGivesTheSameBytes(String name) throws Exception {
        byte[] original = KhoSamples.bytes(name);
        FdtBlob blob = FdtReader.read(original, name);
        assertArrayEquals(original, FdtWriter.write(blob.tree(), blob.layout()));
    }

    @Test
    void newMemblockBlobIsWhatTheKernelsSequentialWriterMade() throws Exception {
        // mm/memblock.c builds this subtree with fdt_create ... fdt_finish and never packs it
        byte[] original = KhoSamples.bytes("stage1-out-sub-memblock.dtb");
        assertArrayEquals(original, FdtWriter.write(FdtReader.read(original, "memblock").tree()));
    }

    @ParameterizedTest
    @MethodSource("completeDtbs")
    void newLayoutMeansTheSame(String name) throws Exception {
        // the root FDTs were packed and edited in place (kho_add_subtree), so a new layout differs in
        // bytes (reservation block at 0x30, strings order) but not in meaning
        Fdt tree = FdtReader.read(KhoSamples.bytes(name), name).tree();
        assertEquals(tree, FdtReader.read(FdtWriter.write(tree), "rewritten").tree());
    }

    @Test
    void stringsAreSharedAndSuffixesReusedAsLibfdtDoes() throws Exception {
        FdtNode root = new FdtNode("", List.of(new FdtProperty("size", new byte[4]),
                new FdtProperty("blob-size", new byte[4]), new FdtProperty("size", new byte[] {1, 2, 3, 4})),
                List.of(new FdtNode("child@1", List.of(new FdtProperty("size", new byte[0])), List.of())));
        Fdt fdt = new Fdt(List.of(new ReserveEntry(0x1000, 0x2000)), 3, root);
        byte[] bytes = FdtWriter.write(fdt);
        FdtBlob blob = FdtReader.read(bytes, "made");
        assertEquals(fdt, blob.tree());
        // "size" first, then "blob-size" in front of it; the later "size" lookups find the suffix
        assertEquals("blob-size\0size\0", new String(blob.layout().strings(), "US-ASCII"));
        assertArrayEquals(bytes, FdtWriter.write(blob.tree(), blob.layout()));
    }

    @Test
    void nopTokensAreSkippedSoTheBlobOnlyRoundTripsInMeaning() throws Exception {
        // FDT_NOP is not part of the tree model, so the layout's struct size no longer matches
        byte[] plain = FdtWriter.write(Fdt.of(new FdtNode("", List.of(), List.of())));
        FdtHeader h = FdtReader.read(plain, "plain").header();
        byte[] withNop = new byte[plain.length + 4];
        System.arraycopy(plain, 0, withNop, 0, h.offDtStruct());
        withNop[h.offDtStruct() + 3] = FdtSpec.FDT_NOP;
        System.arraycopy(plain, h.offDtStruct(), withNop, h.offDtStruct() + 4, plain.length - h.offDtStruct());
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(withNop);
        b.putInt(4, withNop.length).putInt(0xc, h.offDtStrings() + 4).putInt(0x24, h.sizeDtStruct() + 4);
        assertEquals(FdtReader.read(plain, "plain").tree(), FdtReader.read(withNop, "nop").tree());
    }
}
