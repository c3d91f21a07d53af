package org.kexkit.kho;

import java.util.List;
import java.util.Map;

/**
 * Every name, version string and size of the Linux 7.2 KHO ABI that kexkit knows, with the kernel
 * file it comes from (docs/KHO-ABI.md, read from the 7.2.13 tree). A consumer refuses
 * data whose version it does not know; so does kexkit, with {@link #notKnown}.
 */
public final class KhoAbi {
    // include/linux/kho/abi/kexec_handover.h
    /** KHO_FDT_COMPATIBLE (the header's DOC comment still says "kho-v3"; the #define wins). */
    public static final String ROOT_COMPATIBLE = "kho-v4";
    /** Root property: raw u64 (CPU byte order) physical address of the radix tree's root page. */
    public static final String PRESERVED_MEMORY_MAP = "preserved-memory-map";
    /** KHO_SUB_TREE_PROP_NAME: raw u64 physical address of a subtree's blob. */
    public static final String PRESERVED_DATA = "preserved-data";
    /** KHO_SUB_TREE_SIZE_PROP_NAME: raw u64 size of a subtree's blob in bytes. */
    public static final String BLOB_SIZE = "blob-size";
    /** KHO_TREE_MAX_DEPTH: root table (level 5) down to the leaf bitmap (level 0). */
    public static final int RADIX_DEPTH = 6;
    /** Every radix tree node is one 4 KiB page: u64 table[512], or a bitmap of 32768 bits. */
    public static final int RADIX_PAGE_SIZE = 4096;

    // include/linux/kho/abi/kexec_metadata.h, producer kho_out_kexec_metadata() in kexec_handover.c
    public static final String KEXEC_METADATA = "kexec-metadata";
    public static final long KEXEC_METADATA_VERSION = 1;
    /** char previous_release[65] (__NEW_UTS_LEN + 1). */
    public static final int KEXEC_METADATA_RELEASE_LENGTH = 65;
    /** Packed: u32 version, char previous_release[65], u32 kexec_count. */
    public static final int KEXEC_METADATA_SIZE = 4 + KEXEC_METADATA_RELEASE_LENGTH + 4;

    // include/linux/kho/abi/memblock.h, producer prepare_kho_fdt() in mm/memblock.c
    public static final String MEMBLOCK = "memblock";
    public static final String MEMBLOCK_COMPATIBLE = "memblock-v1";
    public static final String RESERVE_MEM_COMPATIBLE = "reserve-mem-v1";
    /** reserve-mem node properties: raw u64 (CPU byte order). */
    public static final String RESERVE_MEM_START = "start";
    public static final String RESERVE_MEM_SIZE = "size";

    // include/linux/kho/abi/luo.h, kernel/liveupdate/luo_core.c
    public static final String LUO = "LUO";
    public static final String LUO_COMPATIBLE = "luo-v5";
    /** struct luo_ser: char compatible[8]; u64 liveupdate_num; u64 sessions_pa; u64 flbs_pa. */
    public static final int LUO_COMPATIBLE_LENGTH = 8;
    public static final int LUO_SER_SIZE = LUO_COMPATIBLE_LENGTH + 3 * 8;

    // include/linux/kho/abi/memfd.h: the stock LUO file type (struct memfd_luo_ser is not decoded)
    public static final String MEMFD_COMPATIBLE = "memfd-v2";

    /** The subtrees stock 7.2 adds with kho_add_subtree(). */
    public static final List<String> KNOWN_SUBTREES = List.of(KEXEC_METADATA, MEMBLOCK, LUO);

    /**
     * The version strings' families: each layer's compatible is NAME-vN, and a kernel holds the
     * strings it writes and checks as C string constants (or, for LUO file handlers such as
     * memfd, in a char compatible[48] of an initialised struct).
     */
    public static final List<String> VERSION_FAMILIES = List.of("kho", "memblock", "reserve-mem", "luo", "memfd");

    /** What the next kernel loses with each stock subtree, for the refusal lines. */
    public static final Map<String, String> SUBTREE_CONTENT = Map.of(
            KEXEC_METADATA, "the previous release and kexec count",
            MEMBLOCK, "the reserve_mem regions",
            LUO, "the live update sessions and their files");

    /**
     * The structs behind each versioned layer, by the family of the version string that guards
     * them (kexec-metadata's guard is its u32 version field), whose layouts must not change
     * without a new version (include/linux/kho/abi/*.h; names as in the 7.2.13 tree). The root's
     * radix tree nodes are plain u64 tables and bitmaps; struct kho_vmalloc describes preserved
     * vmalloc areas.
     */
    public static final Map<String, List<String>> LAYOUT_STRUCTS = Map.of(
            "kho", List.of("kho_vmalloc"),
            KEXEC_METADATA, List.of("kho_kexec_metadata"),
            "luo", List.of("luo_ser", "luo_session_ser", "luo_file_ser", "kho_block_header_ser"),
            "memfd", List.of("memfd_luo_ser"));

    private KhoAbi() {
    }

    /** The one wording for a version this kexkit does not know. */
    public static String notKnown(String where, String what, String found, String known) {
        return where + ": " + what + " " + found + " is not known to this kexkit (knows " + known + ")";
    }
}
