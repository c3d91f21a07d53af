package org.kexkit.kho;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kexkit.bin.FormatException;
import org.kexkit.kho.fdt.DtsWriter;
import org.kexkit.kho.fdt.Fdt;
import org.kexkit.kho.fdt.FdtNode;
import org.kexkit.kho.fdt.FdtProperty;
import org.kexkit.kho.fdt.FdtReader;
import org.kexkit.kho.fdt.FdtWriter;

class KhoDecodingTest {
    @Test
    void stage2RootMatchesTheAbiNotes() throws Exception {
        KhoRoot root = KhoRootReader.read(tree("stage2-in-fdt.dtb"));
        assertEquals(0x267000L, root.preservedMemoryMap());
        assertEquals(List.of(new KhoSubtree("memblock", 0x5a2000L, 0xd2), new KhoSubtree("LUO", 0x5ae000L, 0x20),
                new KhoSubtree("kexec-metadata", 0x192000L, 73)), root.subtrees());
    }

    @Test
    void stage3RootIsKernelTwosHandover() throws Exception {
        KhoRoot root = KhoRootReader.read(tree("stage3-in-fdt.dtb"));
        // dtc shows <0x902600 0x00>: the same bytes read as little-endian
        assertEquals(0x269000L, root.preservedMemoryMap());
        assertEquals(List.of(new KhoSubtree("memblock", 0x99d000L, 0xd2), new KhoSubtree("LUO", 0x9a7000L, 0x20),
                new KhoSubtree("kexec-metadata", 0x115000L, 73)), root.subtrees());
    }

    @Test
    void memblockSubtrees() throws Exception {
        for (String name : List.of("stage1-out-sub-memblock.dtb", "stage2-in-sub-memblock.dtb")) {
            assertEquals(new SubtreeContent.Memblock(List.of(new SubtreeContent.ReserveMem("khomem", 0x3e400000L,
                    0x400000L))), SubtreeDecoder.decode("memblock", KhoSamples.bytes(name), name));
        }
    }

    @Test
    void kexecMetadata() throws Exception {
        assertEquals(new SubtreeContent.KexecMetadata(1, "7.2.13-kho", 1), decode("stage1-out-sub-kexec-metadata.bin"));
        assertEquals(new SubtreeContent.KexecMetadata(1, "7.2.13-kho", 1), decode("stage2-in-sub-kexec-metadata.bin"));
        assertEquals(new SubtreeContent.KexecMetadata(1, "7.2.13-kho", 2), decode("stage2-out-sub-kexec-metadata.bin"));
        assertEquals(new SubtreeContent.KexecMetadata(1, "7.2.13-kho", 2), decode("stage3-in-sub-kexec-metadata.bin"));
    }

    @Test
    void luo() throws Exception {
        // sessions_pa is 0: LUO fills the session data in only at reboot(LINUX_REBOOT_CMD_KEXEC)
        assertEquals(new SubtreeContent.Luo("luo-v5", 1, 0, 0x5af000L), decode("stage1-out-sub-LUO.bin"));
        assertEquals(new SubtreeContent.Luo("luo-v5", 2, 0, 0x99f000L), decode("stage2-out-sub-LUO.bin"));
    }

    @Test
    void staleLuoPageIsOneLine() {
        String name = "stage2-in-sub-LUO.stale.bin";
        assertEquals(name + ": offset 0x0: compatible is not a printable string: not a struct luo_ser (a freed and"
                + " reused page, as 7.2.13's debugfs in/sub_fdts/LUO shows?)",
                assertThrows(FormatException.class, () -> decode(name)).getMessage());
    }

    @Test
    void unknownVersionsAreMessagesNotCrashes() throws Exception {
        byte[] luo = KhoSamples.bytes("stage1-out-sub-LUO.bin");
        luo[5] = '6';
        assertEquals(new SubtreeContent.NotDecoded("subtree LUO: compatible luo-v6 is not known to this kexkit"
                + " (knows luo-v1, luo-v2, luo-v3, luo-v4, luo-v5)"), SubtreeDecoder.decode("LUO", luo, "x"));
        byte[] meta = KhoSamples.bytes("stage1-out-sub-kexec-metadata.bin");
        meta[0] = 2;
        assertEquals(new SubtreeContent.NotDecoded("subtree kexec-metadata: version 2 is not known to this kexkit"
                + " (knows 1)"), SubtreeDecoder.decode("kexec-metadata", meta, "x"));
        Fdt memblock = new Fdt(List.of(), 0, new FdtNode("", List.of(string("compatible", "memblock-v2")), List.of()));
        assertEquals(new SubtreeContent.NotDecoded("subtree memblock: compatible memblock-v2 is not known to this"
                + " kexkit (knows memblock-v1)"), SubtreeDecoder.decode("memblock", FdtWriter.write(memblock), "x"));
        assertEquals(new SubtreeContent.NotDecoded("subtree foo: not a subtree this kexkit knows (knows"
                + " kexec-metadata, memblock, LUO)"), SubtreeDecoder.decode("foo", new byte[1], "x"));
        Fdt root = new Fdt(List.of(), 0, new FdtNode("", List.of(string("compatible", "kho-v5")), List.of()));
        assertEquals("root: compatible kho-v5 is not known to this kexkit (knows kho-v1, kho-v2, kho-v3, kho-v4)",
                assertThrows(KhoException.class, () -> KhoRootReader.read(root)).getMessage());
    }

    @Test
    void wrongSizesAndMissingProperties() {
        byte[] meta = java.util.Arrays.copyOf(KhoSamples.bytes("stage1-out-sub-kexec-metadata.bin"), 72);
        assertEquals("x: offset 0x48: kexec-metadata is 72 bytes, version 1 is 73",
                assertThrows(FormatException.class, () -> SubtreeDecoder.decode("kexec-metadata", meta, "x"))
                        .getMessage());
        byte[] luo = java.util.Arrays.copyOf(KhoSamples.bytes("stage1-out-sub-LUO.bin"), 24);
        assertEquals("x: offset 0x18: struct luo_ser is 32 bytes, the blob has 24",
                assertThrows(FormatException.class, () -> SubtreeDecoder.decode("LUO", luo, "x")).getMessage());
        Fdt root = new Fdt(List.of(), 0, new FdtNode("", List.of(string("compatible", "kho-v4"),
                new FdtProperty("preserved-memory-map", new byte[4])), List.of()));
        assertEquals("root: preserved-memory-map is 4 bytes, expected a raw u64 (8 bytes)",
                assertThrows(KhoException.class, () -> KhoRootReader.read(root)).getMessage());
    }

    @Test
    void khoTypedViewShowsLittleEndianU64s() throws Exception {
        Fdt root = tree("stage2-in-fdt.dtb");
        String view = new DtsWriter(new KhoPropertyTyping(root)).write(root);
        assertTrue(view.contains("\tpreserved-memory-map = /le64/ <0x267000>;\n"), view);
        assertTrue(view.contains("\tkexec-metadata {\n\t\tblob-size = /le64/ <0x49>;\n"
                + "\t\tpreserved-data = /le64/ <0x192000>;\n"), view);
        Fdt memblock = tree("stage1-out-sub-memblock.dtb");
        String sub = new DtsWriter(new KhoPropertyTyping(memblock)).write(memblock);
        assertTrue(sub.contains("\t\tstart = /le64/ <0x3e400000>;\n\t\tsize = /le64/ <0x400000>;\n"), sub);
    }

    @Test
    void guessesLoneBlobs() {
        assertEquals("memblock", SubtreeDecoder.guessName(KhoSamples.bytes("stage1-out-sub-memblock.dtb")));
        assertEquals("LUO", SubtreeDecoder.guessName(KhoSamples.bytes("stage1-out-sub-LUO.bin")));
        assertEquals("kexec-metadata", SubtreeDecoder.guessName(KhoSamples.bytes("stage3-in-sub-kexec-metadata.bin")));
        assertEquals(null, SubtreeDecoder.guessName(KhoSamples.bytes("stage2-in-sub-LUO.stale.bin")));
    }

    private static FdtProperty string(String name, String value) {
        return new FdtProperty(name, (value + "\0").getBytes());
    }

    private static Fdt tree(String name) throws FormatException {
        return FdtReader.read(KhoSamples.bytes(name), name).tree();
    }

    private static SubtreeContent decode(String name) throws Exception {
        return SubtreeDecoder.decode(SubtreeDecoder.guessName(KhoSamples.bytes(name)) == null ? "LUO"
                : SubtreeDecoder.guessName(KhoSamples.bytes(name)), KhoSamples.bytes(name), name);
    }

    static byte[] le64(long value) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    }
}
