package org.kexkit.kho;

/**
 * Layouts behind LUO's sessions_pa in Linux 7.2, all packed, little-endian on x86-64:
 * include/linux/kho/abi/block.h (serialization blocks), luo.h (sessions, files) and memfd.h
 * (the memfd file handler's state); the version strings stay in {@link KhoAbi}.
 */
public final class LuoAbi {
    /** KHO_BLOCK_SIZE (PAGE_SIZE): each block is one page. */
    public static final int BLOCK_SIZE = 4096;
    /** struct kho_block_header_ser: u64 next (physical address, 0 ends the chain); u64 count. */
    public static final int BLOCK_HEADER_SIZE = 16;
    /** KHO_MAX_BLOCKS in kernel/liveupdate/kho_block.c: a longer chain is taken as corrupt. */
    public static final int MAX_BLOCKS = 10000;

    /**
     * struct kho_vmalloc (include/linux/kho/abi/kexec_handover.h): u64 first chunk's physical
     * address; u32 total_pages; u16 flags; u16 order. Each chunk is a page: u64 next; u64 phys[511],
     * a 0 entry ending the list.
     */
    public static final int VMALLOC_SIZE = 16;
    public static final int VMALLOC_CHUNK_ENTRIES = BLOCK_SIZE / 8 - 1;

    /** LIVEUPDATE_SESSION_NAME_LENGTH (include/uapi/linux/liveupdate.h). */
    public static final int SESSION_NAME_LENGTH = 64;
    /** struct luo_session_ser: char name[64]; struct luo_file_set_ser { u64 files; u64 count; }. */
    public static final int SESSION_SER_SIZE = SESSION_NAME_LENGTH + 16;
    /** LIVEUPDATE_HNDL_COMPAT_LENGTH: a file handler's compatible string field. */
    public static final int FILE_COMPATIBLE_LENGTH = 48;
    /** struct luo_file_ser: char compatible[48]; u64 data; u64 token. */
    public static final int FILE_SER_SIZE = FILE_COMPATIBLE_LENGTH + 16;

    /** struct memfd_luo_ser: u64 pos; u64 size; u32 seals; u32 flags; u64 nr_folios; struct kho_vmalloc folios. */
    public static final int MEMFD_SER_SIZE = 8 + 8 + 4 + 4 + 8 + LuoAbi.VMALLOC_SIZE;
    /** struct memfd_luo_folio_ser: u64 pfn:52, flags:12; u64 index. */
    public static final int MEMFD_FOLIO_SER_SIZE = 16;
    /** MEMFD_LUO_FOLIO_DIRTY and MEMFD_LUO_FOLIO_UPTODATE. */
    public static final int MEMFD_FOLIO_DIRTY = 1;
    public static final int MEMFD_FOLIO_UPTODATE = 2;

    private LuoAbi() {
    }

    /** Entries per block, as kho_block_set_init() computes them. */
    public static int entriesPerBlock(int entrySize) {
        return (BLOCK_SIZE - BLOCK_HEADER_SIZE) / entrySize;
    }
}
