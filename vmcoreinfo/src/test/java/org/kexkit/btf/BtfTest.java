package org.kexkit.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kexkit.bin.FormatException;

class BtfTest {
    /** struct kho_kexec_metadata as 7.2 packs it: u32 version; char previous_release[65]; u32 kexec_count. */
    static byte[] kexecMetadata(int countOffset) {
        BtfBuilder b = new BtfBuilder();
        int u32 = b.typedef("u32", b.integer("unsigned int", 4));
        int chars = b.array(b.integer("char", 1), 65);
        b.struct("kho_kexec_metadata", countOffset + 4, "version", u32, 0, "previous_release", chars, 4,
                "kexec_count", u32, countOffset);
        return b.bytes();
    }

    @Test
    void readsAStructLayout() throws Exception {
        Btf btf = Btf.read(kexecMetadata(69), "btf");
        assertEquals(5, btf.typeCount());
        StructLayout layout = btf.struct("kho_kexec_metadata").orElseThrow();
        assertEquals(new StructLayout("kho_kexec_metadata", 73, List.of(new StructLayout.Field("version", 0, 0, "int4"),
                new StructLayout.Field("previous_release", 32, 0, "int1[65]"),
                new StructLayout.Field("kexec_count", 552, 0, "int4"))), layout);
        assertTrue(btf.struct("luo_ser").isEmpty());
        assertEquals("", layout.difference(layout));
    }

    @Test
    void differences() throws Exception {
        StructLayout packed = Btf.read(kexecMetadata(69), "a").struct("kho_kexec_metadata").orElseThrow();
        StructLayout padded = Btf.read(kexecMetadata(72), "b").struct("kho_kexec_metadata").orElseThrow();
        assertEquals("size 73 -> 76, member kexec_count (int4 at byte 69) -> kexec_count (int4 at byte 72)",
                packed.difference(padded));
        StructLayout moved = new StructLayout("kho_kexec_metadata", 73, List.of(packed.fields().get(0),
                packed.fields().get(1), new StructLayout.Field("kexec_count", 552, 0, "int8")));
        assertEquals("member kexec_count (int4 at byte 69) -> kexec_count (int8 at byte 69)", packed.difference(moved));
        StructLayout shorter = new StructLayout("kho_kexec_metadata", 69, packed.fields().subList(0, 2));
        assertEquals("size 73 -> 69, member kexec_count (int4 at byte 69) removed", packed.difference(shorter));
        StructLayout swapped = new StructLayout("kho_kexec_metadata", 73, List.of(packed.fields().get(1),
                packed.fields().get(0), packed.fields().get(2)));
        assertEquals("members reordered", packed.difference(swapped));
    }

    @Test
    void realKernelShapes() throws Exception {
        Btf a = Btf.read(BtfTestShapes.memfdLuoSer(false, false), "a");
        StructLayout vmalloc = a.struct("kho_vmalloc").orElseThrow();
        assertEquals(new StructLayout.Field("first", 0, 0, "union {phys int8 @0, ptr ptr @0}(8)"), vmalloc.fields().get(0));
        assertEquals(List.of(new StructLayout.Field("pfn", 0, 52, "int8"), new StructLayout.Field("flags", 52, 12, "int8"),
                new StructLayout.Field("index", 64, 0, "int8")), a.struct("memfd_luo_folio_ser").orElseThrow().fields());
        assertEquals("flags (int8 at bit 52, 12 bits)", a.struct("memfd_luo_folio_ser").orElseThrow().fields().get(1).describe());
        StructLayout ser = a.struct("memfd_luo_ser").orElseThrow();
        StructLayout wider = Btf.read(BtfTestShapes.memfdLuoSer(true, false), "b").struct("memfd_luo_ser").orElseThrow();
        assertEquals("size 48 -> 56, member generation (int8 at byte 48) added", ser.difference(wider));
        StructLayout otherUnion = Btf.read(BtfTestShapes.memfdLuoSer(false, true), "c").struct("kho_vmalloc").orElseThrow();
        assertEquals("member first (union {phys int8 @0, ptr ptr @0}(8) at byte 0) -> first (union {phys ptr @0,"
                + " ptr ptr @0}(8) at byte 0)", vmalloc.difference(otherUnion));
    }

    @Test
    void badBtfIsOneLine() {
        byte[] data = kexecMetadata(69);
        data[0] = 0x12;
        FormatException e = assertThrows(FormatException.class, () -> Btf.read(data, "btf"));
        assertEquals("btf: offset 0x0: bad BTF magic 0xeb12, expected 0xeb9f", e.getMessage());
        byte[] kind = kexecMetadata(69);
        kind[24 + 7] = 0x1f; // first type's info: kind 31
        e = assertThrows(FormatException.class, () -> Btf.read(kind, "btf"));
        assertEquals("btf: offset 0x18: type 1 has unknown kind 31", e.getMessage());
        byte[] cut = java.util.Arrays.copyOf(kexecMetadata(69), 40);
        e = assertThrows(FormatException.class, () -> Btf.read(cut, "btf"));
        assertTrue(e.getMessage().startsWith("btf: offset 0x8: type or string section runs past the end"),
                e.getMessage());
    }
}
