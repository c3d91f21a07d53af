package org.kexkit.kho.fdt;

/**
 * Numbers of the flattened device tree format, version 17, as libfdt defines them
 * (scripts/dtc/libfdt/fdt.h and libfdt.h in the kernel tree; Devicetree Specification 0.4, chapter 5).
 */
public final class FdtSpec {
    /** fdt.h FDT_MAGIC: the first big-endian u32 of every blob. */
    public static final long MAGIC = 0xd00dfeedL;
    /** sizeof(struct fdt_header) for version 17: ten big-endian u32 fields. */
    public static final int HEADER_SIZE = 40;
    /** sizeof(struct fdt_reserve_entry): u64 address, u64 size. */
    public static final int RESERVE_ENTRY_SIZE = 16;
    /** libfdt.h FDT_LAST_SUPPORTED_VERSION: the version this package reads and writes. */
    public static final int VERSION = 17;
    /** libfdt.h FDT_LAST_COMPATIBLE_VERSION: what fdt_create() writes as last_comp_version. */
    public static final int LAST_COMP_VERSION = 16;

    /** fdt.h struct block tokens. */
    public static final int FDT_BEGIN_NODE = 1;
    public static final int FDT_END_NODE = 2;
    public static final int FDT_PROP = 3;
    public static final int FDT_NOP = 4;
    public static final int FDT_END = 9;

    /** fdt.h FDT_TAGSIZE: struct block items are padded to 4 bytes. */
    public static final int TAG_ALIGN = 4;

    private FdtSpec() {
    }

    static int align(int value, int alignment) {
        return (value + alignment - 1) / alignment * alignment;
    }
}
