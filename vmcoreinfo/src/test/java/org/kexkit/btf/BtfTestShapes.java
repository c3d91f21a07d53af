package org.kexkit.btf;

/** Small BTF blobs shaped like what pahole writes for the KHO ABI structs, for tests here and in kho-fdt. */
public final class BtfTestShapes {
    private BtfTestShapes() {
    }

    /** {@link #memfdLuoSer(boolean, boolean)} with DECLARE_KHOSER_PTR's union as the kernel has it. */
    public static byte[] memfdLuoSer(boolean generation) {
        return memfdLuoSer(generation, false);
    }

    /**
     * struct memfd_luo_ser as 7.2 has it (a packed struct whose last member is struct kho_vmalloc,
     * whose first member is DECLARE_KHOSER_PTR's anonymous union), and with one u64 more at its end.
     */
    public static byte[] memfdLuoSer(boolean generation, boolean physIsPointer) {
        BtfBuilder b = new BtfBuilder();
        int u64 = b.typedef("u64", b.integer("unsigned long long", 8));
        int u32 = b.typedef("u32", b.integer("unsigned int", 4));
        int u16 = b.typedef("unsigned short", b.integer("unsigned short", 2));
        int chunk = b.pointer(0);
        int ptr = b.union(null, 8, "phys", physIsPointer ? chunk : u64, 0, "ptr", chunk, 0);
        int vmalloc = b.struct("kho_vmalloc", 16, "first", ptr, 0, "total_pages", b.integer("unsigned int", 4), 8,
                "flags", u16, 12, "order", u16, 14);
        if (generation) {
            b.struct("memfd_luo_ser", 56, "pos", u64, 0, "size", u64, 8, "seals", u32, 16, "flags", u32, 20,
                    "nr_folios", u64, 24, "folios", vmalloc, 32, "generation", u64, 48);
        } else {
            b.struct("memfd_luo_ser", 48, "pos", u64, 0, "size", u64, 8, "seals", u32, 16, "flags", u32, 20,
                    "nr_folios", u64, 24, "folios", vmalloc, 32);
        }
        // struct memfd_luo_folio_ser { u64 pfn:52; u64 flags:12; u64 index; } __packed, as pahole writes it
        b.bitfieldStruct("memfd_luo_folio_ser", 16, "pfn", u64, 0, 52, "flags", u64, 52, 12, "index", u64, 64, 0);
        return b.bytes();
    }

}
