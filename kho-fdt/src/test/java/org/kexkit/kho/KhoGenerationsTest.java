package org.kexkit.kho;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.kexkit.kho.fdt.FdtReader;

/** Every KHO and LUO generation, from blobs laid out as their kernel writers lay them out. */
class KhoGenerationsTest {
    @Test
    void everyRootGeneration() throws Exception {
        for (KhoGeneration g : KhoGeneration.values()) {
            KhoRoot root = KhoRootReader.read(FdtReader.read(KhoGenerationBlobs.root(g), g.compatible()).tree());
            assertEquals(g, root.generation());
            assertEquals(KhoGenerationBlobs.MEMORY_MAP, root.preservedMemoryMap());
            OptionalLong memblockSize = g.blobSizes() ? OptionalLong.of(0xd2) : OptionalLong.empty();
            OptionalLong luoSize = g.blobSizes() ? OptionalLong.of(0x20) : OptionalLong.empty();
            assertEquals(List.of(new KhoSubtree("memblock", KhoGenerationBlobs.MEMBLOCK_PA, memblockSize),
                    new KhoSubtree("LUO", KhoGenerationBlobs.LUO_PA, luoSize)), root.subtrees(), g.compatible());
        }
    }

    @Test
    void aV1RootHasNoPreservedDataProperty() {
        // kho-v1 wrote "fdt": a v1 root read as v2 would miss it, so the layouts really differ
        assertEquals(List.of("fdt", "preserved-data", "preserved-data", "preserved-data"), java.util.Arrays.stream(
                KhoGeneration.values()).map(KhoGeneration::dataProperty).toList());
    }

    @Test
    void unknownGenerationIsOneLineNamingIt() {
        for (String compatible : List.of("kho-v5", "kho-v4;radix-v1", "kho-v0")) {
            assertEquals("root: compatible " + compatible + " is not known to this kexkit (knows kho-v1, kho-v2,"
                    + " kho-v3, kho-v4)", assertThrows(KhoException.class, () -> KhoRootReader.read(FdtReader.read(
                            KhoGenerationBlobs.root(compatible), "x").tree())).getMessage());
        }
    }

    @Test
    void v1ChunkListWithPageBitmaps() throws Exception {
        assertEquals(List.of(new PreservedBlock(0x200000L, 0), new PreservedBlock(0x201000L, 0),
                new PreservedBlock(0x4000000L, 9)), PreservedMemoryMapReader.read(KhoGenerationBlobs.v1ChunkList(4096),
                "m", KhoGeneration.V1, KhoGenerationBlobs.MEMORY_MAP));
    }

    @Test
    void v1ChunkListWith512ByteBitmaps() throws Exception {
        assertEquals(List.of(new PreservedBlock(0x200000L, 0), new PreservedBlock(0x201000L, 0),
                new PreservedBlock(0x4000000L, 9)), PreservedMemoryMapReader.read(KhoGenerationBlobs.v1ChunkList(512),
                "m", KhoGeneration.V1, KhoGenerationBlobs.MEMORY_MAP));
    }

    @Test
    void v1EmptyMapAndBadChunks() throws Exception {
        assertEquals(List.of(), PreservedMemoryMapReader.read(KhoGenerationBlobs.v1ChunkList(4096), "m",
                KhoGeneration.V1, 0));
        assertEquals("m: offset 0x100010: khoser_mem_chunk is not page-aligned", assertThrows(
                org.kexkit.bin.FormatException.class, () -> PreservedChunkListReader.read(
                        KhoGenerationBlobs.v1ChunkList(4096), "m", KhoGenerationBlobs.MEMORY_MAP + 0x10)).getMessage());
    }

    @Test
    void v1GarbageOrderIsOneLine() {
        byte[] chunk = new byte[4096];
        java.nio.ByteBuffer.wrap(chunk).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(8, 40).putInt(12, 1);
        PagedMemory memory = new PagedMemory(a -> a == 0x5000L ? chunk : null);
        assertEquals("m: offset 0x5008: khoser_mem_chunk order 40 is not a page order", assertThrows(
                org.kexkit.bin.FormatException.class, () -> PreservedChunkListReader.read(memory, "m", 0x5000L))
                .getMessage());
    }

    @Test
    void radixGenerationsWalkTheTree() throws Exception {
        for (KhoGeneration g : List.of(KhoGeneration.V2, KhoGeneration.V3, KhoGeneration.V4)) {
            assertEquals(List.of(new PreservedBlock(0x200000L, 0)), PreservedMemoryMapReader.read(
                    KhoGenerationBlobs.radixTree(), "m", g, KhoGenerationBlobs.MEMORY_MAP));
        }
    }

    @Test
    void everyLuoGeneration() throws Exception {
        assertEquals(new SubtreeContent.Luo("luo-v1", 3, 0x7000, 0x8000), decode(LuoGeneration.V1));
        assertEquals(new SubtreeContent.LuoAt("luo-v2", 0x7000), decode(LuoGeneration.V2));
        for (LuoGeneration g : List.of(LuoGeneration.V3, LuoGeneration.V4, LuoGeneration.V5)) {
            assertEquals(new SubtreeContent.Luo(g.compatible(), 3, 0x7000, 0x8000), decode(g));
        }
        assertEquals("LUO", SubtreeDecoder.guessName(KhoGenerationBlobs.luo(LuoGeneration.V1, 3, 0x7000, 0x8000)));
        assertEquals("LUO", SubtreeDecoder.guessName(KhoGenerationBlobs.luo(LuoGeneration.V2, 3, 0x7000, 0x8000)));
    }

    @Test
    void unknownLuoGenerationIsOneLine() throws Exception {
        byte[] packed = KhoGenerationBlobs.luo(LuoGeneration.V5, 1, 0, 0);
        packed[5] = '6';
        assertEquals(new SubtreeContent.NotDecoded("subtree LUO: compatible luo-v6 is not known to this kexkit"
                + " (knows luo-v1, luo-v2, luo-v3, luo-v4, luo-v5)"), SubtreeDecoder.decode("LUO", packed, "x"));
        byte[] fdt = KhoGenerationBlobs.luo(LuoGeneration.V2, 1, 0, 0);
        byte[] renamed = new String(fdt, java.nio.charset.StandardCharsets.ISO_8859_1).replace("luo-v2", "luo-v9")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals(new SubtreeContent.NotDecoded("subtree LUO (an FDT): compatible luo-v9 is not known to this"
                + " kexkit (knows luo-v1, luo-v2, luo-v3, luo-v4, luo-v5)"), SubtreeDecoder.decode("LUO", renamed, "x"));
    }

    private static SubtreeContent decode(LuoGeneration g) throws Exception {
        return SubtreeDecoder.decode("LUO", KhoGenerationBlobs.luo(g, 3, 0x7000, 0x8000), g.compatible());
    }
}
