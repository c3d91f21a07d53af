package org.kexkit.kho;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The generations of the KHO ABI, by the root FDT's compatible string (KHO_FDT_COMPATIBLE). Read
 * from the kernel's history of kernel/kexec_handover.c, kernel/liveupdate/kexec_handover.c and
 * include/linux/kho/abi/kexec_handover.h (docs/KHO-ABI.md, "Generations"). The root is an FDT in
 * all of them, with {@code preserved-memory-map} a raw u64 (CPU byte order) physical address.
 */
public enum KhoGeneration {
    /**
     * Linux 6.16 until the radix tree: preserved-memory-map names a chain of struct khoser_mem_chunk
     * pages, one order per chunk; each subtree node holds "fdt", the address of a sub-FDT.
     */
    V1("kho-v1", "fdt", false, MemoryMap.CHUNK_LIST),
    /** The radix tree of preserved memory replaces the chunk list; "fdt" is renamed "preserved-data". */
    V2("kho-v2", KhoAbi.PRESERVED_DATA, false, MemoryMap.RADIX_TREE),
    /** Subtree nodes gain "blob-size": blobs need no longer be FDTs (kexec-metadata, struct luo_ser). */
    V3("kho-v3", KhoAbi.PRESERVED_DATA, true, MemoryMap.RADIX_TREE),
    /**
     * The root is laid out as in v3; the bump covers the KHO serialization blocks of
     * include/linux/kho/abi/block.h (struct kho_block_header_ser chains) that LUO's sessions use.
     */
    V4("kho-v4", KhoAbi.PRESERVED_DATA, true, MemoryMap.RADIX_TREE);

    /** How preserved-memory-map's target is laid out. */
    public enum MemoryMap {
        /** struct khoser_mem_chunk pages: { u64 next; u32 order; u32 num_elms; } then {phys_start, bitmap} pairs. */
        CHUNK_LIST,
        /** struct kho_radix_node tables above struct kho_radix_leaf bitmaps, one tree for every order. */
        RADIX_TREE
    }

    private final String compatible;
    private final String dataProperty;
    private final boolean blobSizes;
    private final MemoryMap memoryMap;

    KhoGeneration(String compatible, String dataProperty, boolean blobSizes, MemoryMap memoryMap) {
        this.compatible = compatible;
        this.dataProperty = dataProperty;
        this.blobSizes = blobSizes;
        this.memoryMap = memoryMap;
    }

    public String compatible() {
        return compatible;
    }

    /** The subtree node's property holding its blob's physical address. */
    public String dataProperty() {
        return dataProperty;
    }

    /** Whether subtree nodes carry blob-size; before v3 every blob is an FDT sized by its header. */
    public boolean blobSizes() {
        return blobSizes;
    }

    public MemoryMap memoryMap() {
        return memoryMap;
    }

    /** The generation whose root compatible is exactly {@code compatible}. */
    public static Optional<KhoGeneration> of(String compatible) {
        return Arrays.stream(values()).filter(g -> g.compatible.equals(compatible)).findFirst();
    }

    /** "kho-v1, kho-v2, kho-v3, kho-v4", for the one line naming an unknown generation. */
    public static String known() {
        return Arrays.stream(values()).map(KhoGeneration::compatible).collect(Collectors.joining(", "));
    }
}
