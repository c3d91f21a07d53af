package org.kexkit.dump.filter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kexkit.elfcore.ElfCoreWriter;

/**
 * A tiny x86-64 kernel in a synthetic ELF vmcore: RAM at pfns 0..63 and 128..159
 * (a hole between), 4-level page tables mapping a vmemmap mem_map and the
 * direct map (one 1 GiB page at PAGE_OFFSET), an EXTREME
 * mem_section, one node with one zone, and VMCOREINFO in the 6.1 style
 * (PG_slab, PAGE_BUDDY_MAPCOUNT_VALUE -129, compound_order/dtor bytes) or, with
 * {@link #pageTypes()}, the 6.12+ style (PGTY_x << 24, compound_info).
 * Tests set struct page fields with {@link #page(long)} before {@link #write(Path)}.
 */
final class SyntheticKernel {
    static final int PAGE = 4096;
    static final long PAGE_OFFSET = 0xffff888000000000L;
    static final long VMEMMAP = 0xffffea0000000000L;
    static final long TEXT = 0xffffffff80000000L;
    static final int LOW_PAGES = 64;
    static final long HIGH_START = 128;
    static final int HIGH_PAGES = 32;
    static final long MAX_MAPNR = HIGH_START + HIGH_PAGES;
    static final int SIZE_PAGE = 64;
    // physical pages of the kernel's own structures
    static final int TOP_PGT = 1;
    static final int PUD = 2;
    static final int PMD = 3;
    static final int PTE = 4;
    static final int MEM_MAP = 5; // 3 pages: 160 struct pages of 64 bytes
    static final int ROOTS = 8; // 2048 root pointers: 4 pages
    static final int SECTIONS = 12;
    static final int NODE_DATA = 13;
    static final int PGDAT = 14;
    /** A PUD table mapping the direct map with one 1 GiB page, as real kernels do (a kdump file has no PT_LOADs to give page_offset). */
    static final int DIRECT_PUD = 16;
    // VMCOREINFO layout of the pgdat and zone
    static final int NR_ZONES_OFFSET = 1024;
    static final int VM_STAT_OFFSET = 128;
    static final int FREE_AREA_ORDERS = 11;
    /** section_mem_map flag bits set besides SECTION_MARKED_PRESENT: IS_ONLINE (bit 2), must be masked. */
    static final long SECTION_FLAGS = 0x1 | 0x4;

    static final int PG_LRU = 4;
    static final int PG_PRIVATE = 13;
    static final int PG_SWAPCACHE = 10;
    static final int PG_SWAPBACKED = 19;
    static final int PG_SLAB = 9;
    static final int PG_HEAD = 16;
    static final int PG_HWPOISON = 23;
    static final int BUDDY_6_1 = -129;
    static final int OFFLINE_6_1 = -257;
    static final int HUGETLB_DTOR = 2;
    // 6.12+ page types: PGTY_x << 24
    static final int PGTY_BUDDY = 0xf0000000;
    static final int PGTY_OFFLINE = 0xf1000000;
    static final int PGTY_HUGETLB = 0xf4000000;
    static final int PGTY_SLAB = 0xf5000000;

    final byte[] low = new byte[LOW_PAGES * PAGE];
    final byte[] high = new byte[HIGH_PAGES * PAGE];
    private final boolean pageTypes;
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private long kernelFreePages;
    private final List<Ram> moreRam = new ArrayList<>();
    /** Low pages free for more roots of mem_section (after DIRECT_PUD). */
    private int nextRootPage = DIRECT_PUD + 1;

    /** RAM beyond the two fixed regions, in its own PT_LOAD. */
    record Ram(long startPfn, byte[] data) {
    }

    SyntheticKernel(boolean pageTypes) {
        this.pageTypes = pageTypes;
        // page tables: vmemmap -> MEM_MAP (3 pages) with 4 KiB PTEs
        put(TOP_PGT, (int) ((VMEMMAP >>> 39) & 0x1ff) * 8, (long) PUD * PAGE | 0x63);
        put(PUD, (int) ((VMEMMAP >>> 30) & 0x1ff) * 8, (long) PMD * PAGE | 0x63);
        put(PMD, (int) ((VMEMMAP >>> 21) & 0x1ff) * 8, (long) PTE * PAGE | 0x63);
        for (int i = 0; i < 3; i++) {
            put(PTE, (int) (((VMEMMAP >>> 12) + i) & 0x1ff) * 8, (long) (MEM_MAP + i) * PAGE | 0x8000000000000063L);
        }
        put(TOP_PGT, (int) ((PAGE_OFFSET >>> 39) & 0x1ff) * 8, (long) DIRECT_PUD * PAGE | 0x63);
        put(DIRECT_PUD, (int) ((PAGE_OFFSET >>> 30) & 0x1ff) * 8, 0x80L | 0x63); // PSE: phys 0..1 GiB
        put(ROOTS, 0, PAGE_OFFSET + (long) SECTIONS * PAGE);
        put(SECTIONS, 0, VMEMMAP | SECTION_FLAGS);
        put(NODE_DATA, 0, PAGE_OFFSET + (long) PGDAT * PAGE);
        put(PGDAT, NR_ZONES_OFFSET, 1);
        for (long pfn = 0; pfn < MAX_MAPNR; pfn++) {
            if (backed(pfn)) {
                page(pfn).mapcount(-1);
            }
        }
    }

    static boolean backed(long pfn) {
        return pfn < LOW_PAGES || (pfn >= HIGH_START && pfn < HIGH_START + HIGH_PAGES);
    }

    boolean pageTypes() {
        return pageTypes;
    }

    /** NR_FREE_PAGES of the one zone. */
    SyntheticKernel kernelFreePages(long n) {
        kernelFreePages = n;
        return this;
    }

    /** Replaces (or, with a null value, drops) one VMCOREINFO line. */
    SyntheticKernel vmcoreInfo(String key, String value) {
        overrides.put(key, value);
        return this;
    }

    /** Adds RAM at {@code startPfn} (anywhere below 2^34 pfns), in its own PT_LOAD. */
    SyntheticKernel ram(long startPfn, byte[] data) {
        moreRam.add(new Ram(startPfn, data));
        return this;
    }

    /**
     * Sets mem_section[nr].section_mem_map (EXTREME: 256 sections of 16 bytes per root page; a root
     * other than 0 gets a low page of its own on first use). {@code coded} is the address of the
     * section's struct pages less its first pfn times SIZE(page), with the flag bits.
     */
    SyntheticKernel section(long nr, long coded) {
        int perRoot = PAGE / 16;
        int root = (int) (nr / perRoot);
        long rootPage;
        if (root == 0) {
            rootPage = SECTIONS;
        } else {
            long pointer = buffer((long) ROOTS * PAGE + root * 8L).getLong();
            if (pointer == 0) {
                rootPage = nextRootPage++;
                put(ROOTS, root * 8, PAGE_OFFSET + rootPage * PAGE);
            } else {
                rootPage = (pointer - PAGE_OFFSET) / PAGE;
            }
        }
        put(rootPage, (int) (nr % perRoot) * 16, coded);
        return this;
    }

    StructPage page(long pfn) {
        return new StructPage(pfn);
    }

    static long flag(int bit) {
        return 1L << bit;
    }

    /** A plausible anon_vma pointer with PAGE_MAPPING_ANON. */
    static long anonMapping() {
        return PAGE_OFFSET + 20 * PAGE + 0x40 + 1;
    }

    private void put(long physPage, int offset, long value) {
        buffer(physPage * PAGE + offset).putLong(value);
    }

    private ByteBuffer buffer(long paddr) {
        ByteBuffer b = paddr < LOW_PAGES * PAGE ? ByteBuffer.wrap(low) : ByteBuffer.wrap(high);
        long base = paddr < LOW_PAGES * PAGE ? 0 : HIGH_START * PAGE;
        return b.order(ByteOrder.LITTLE_ENDIAN).position((int) (paddr - base));
    }

    String vmcoreInfoText() {
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("OSRELEASE", pageTypes ? "7.2.0-test" : "6.1.0-test");
        lines.put("PAGESIZE", "4096");
        lines.put("SYMBOL(mem_section)", Long.toHexString(PAGE_OFFSET + (long) ROOTS * PAGE));
        lines.put("LENGTH(mem_section)", "2048");
        lines.put("SIZE(mem_section)", "16");
        lines.put("OFFSET(mem_section.section_mem_map)", "0");
        lines.put("NUMBER(SECTION_SIZE_BITS)", "27");
        lines.put("NUMBER(MAX_PHYSMEM_BITS)", "46");
        lines.put("SIZE(page)", String.valueOf(SIZE_PAGE));
        lines.put("SIZE(zone)", "256");
        lines.put("OFFSET(page.flags)", "0");
        lines.put("OFFSET(page._refcount)", "52");
        lines.put("OFFSET(page.mapping)", "24");
        lines.put("OFFSET(page.lru)", "8");
        lines.put("OFFSET(page._mapcount)", "48");
        lines.put("OFFSET(page.private)", "40");
        if (pageTypes) {
            lines.put("OFFSET(page.compound_info)", "8");
        } else {
            lines.put("OFFSET(page.compound_dtor)", "16");
            lines.put("OFFSET(page.compound_order)", "17");
            lines.put("OFFSET(page.compound_head)", "8");
        }
        lines.put("OFFSET(pglist_data.node_zones)", "0");
        lines.put("OFFSET(pglist_data.nr_zones)", String.valueOf(NR_ZONES_OFFSET));
        lines.put("OFFSET(zone.vm_stat)", String.valueOf(VM_STAT_OFFSET));
        lines.put("LENGTH(zone.free_area)", String.valueOf(FREE_AREA_ORDERS));
        lines.put("NUMBER(NR_FREE_PAGES)", "0");
        lines.put("NUMBER(PG_lru)", String.valueOf(PG_LRU));
        lines.put("NUMBER(PG_private)", String.valueOf(PG_PRIVATE));
        lines.put("NUMBER(PG_swapcache)", String.valueOf(PG_SWAPCACHE));
        lines.put("NUMBER(PG_swapbacked)", String.valueOf(PG_SWAPBACKED));
        lines.put("NUMBER(PG_hwpoison)", String.valueOf(PG_HWPOISON));
        if (pageTypes) {
            lines.put("NUMBER(PG_head_mask)", String.valueOf(1L << 6));
            lines.put("NUMBER(PAGE_SLAB_MAPCOUNT_VALUE)", String.valueOf(PGTY_SLAB));
            lines.put("NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)", String.valueOf(PGTY_BUDDY));
            lines.put("NUMBER(PAGE_HUGETLB_MAPCOUNT_VALUE)", String.valueOf(PGTY_HUGETLB));
            lines.put("NUMBER(PAGE_OFFLINE_MAPCOUNT_VALUE)", String.valueOf(PGTY_OFFLINE));
        } else {
            lines.put("NUMBER(PG_slab)", String.valueOf(PG_SLAB));
            lines.put("NUMBER(PG_head_mask)", String.valueOf(1L << PG_HEAD));
            lines.put("NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)", String.valueOf(BUDDY_6_1));
            lines.put("NUMBER(HUGETLB_PAGE_DTOR)", String.valueOf(HUGETLB_DTOR));
            lines.put("NUMBER(PAGE_OFFLINE_MAPCOUNT_VALUE)", String.valueOf(OFFLINE_6_1));
        }
        lines.put("NUMBER(phys_base)", "0");
        lines.put("SYMBOL(init_top_pgt)", Long.toHexString(TEXT + (long) TOP_PGT * PAGE));
        lines.put("NUMBER(pgtable_l5_enabled)", "0");
        lines.put("SYMBOL(node_data)", Long.toHexString(PAGE_OFFSET + (long) NODE_DATA * PAGE));
        lines.put("LENGTH(node_data)", "4");
        lines.put("NUMBER(sme_mask)", "0");
        overrides.forEach((k, v) -> {
            if (v == null) {
                lines.remove(k);
            } else {
                lines.put(k, v);
            }
        });
        StringBuilder text = new StringBuilder();
        lines.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        return text.toString();
    }

    /** Maps vmemmap page {@code index} (struct pages of pfns 64 * index ...) to physical page {@code pfn}. */
    SyntheticKernel vmemmapPage(int index, long pfn) {
        put(PTE, (int) (((VMEMMAP >>> 12) + index) & 0x1ff) * 8, pfn * PAGE | 0x8000000000000063L);
        return this;
    }

    /** The vmcore with one more PT_LOAD (pmem at {@code pmemPfn}) and more notes, either may be absent. */
    Path write(Path dir, long pmemPfn, byte[] pmem, String noteName, long noteType, byte[] noteDesc) throws IOException {
        put(PGDAT, VM_STAT_OFFSET, kernelFreePages);
        Path vmcore = dir.resolve("vmcore");
        ElfCoreWriter w = new ElfCoreWriter().addPrStatus(1).addVmcoreInfo(vmcoreInfoText());
        if (noteName != null) {
            w.addNote(noteName, noteType, noteDesc);
        }
        w.addLoad(PAGE_OFFSET, 0, Arrays.copyOf(low, low.length))
                .addLoad(PAGE_OFFSET + HIGH_START * PAGE, HIGH_START * PAGE, Arrays.copyOf(high, high.length));
        if (pmem != null) {
            w.addLoad(PAGE_OFFSET + pmemPfn * PAGE, pmemPfn * PAGE, pmem);
        }
        w.write(vmcore);
        return vmcore;
    }

    Path write(Path dir) throws IOException {
        put(PGDAT, VM_STAT_OFFSET, kernelFreePages);
        Path vmcore = dir.resolve("vmcore");
        ElfCoreWriter elf = new ElfCoreWriter().addPrStatus(1).addVmcoreInfo(vmcoreInfoText())
                .addLoad(PAGE_OFFSET, 0, Arrays.copyOf(low, low.length))
                .addLoad(PAGE_OFFSET + HIGH_START * PAGE, HIGH_START * PAGE, Arrays.copyOf(high, high.length));
        for (Ram r : moreRam) {
            elf.addLoad(PAGE_OFFSET + r.startPfn() * PAGE, r.startPfn() * PAGE, r.data());
        }
        elf.write(vmcore);
        return vmcore;
    }

    /**
     * The same memory as /proc/kcore shows it: the kernel text load first (here 8 pages of 0xff
     * at pfn 16, so a reader that prefers it over RAM sees different bytes), the RAM loads in the
     * direct map, and a vmalloc load without a physical address (p_paddr -1).
     */
    Path writeKcore(Path dir) throws IOException {
        put(PGDAT, VM_STAT_OFFSET, kernelFreePages);
        Path kcore = dir.resolve("kcore");
        byte[] text = new byte[8 * PAGE];
        Arrays.fill(text, (byte) 0xff);
        byte[] vmalloc = new byte[PAGE];
        Arrays.fill(vmalloc, (byte) 0x5a);
        new ElfCoreWriter().addPrStatus(1).addVmcoreInfo(vmcoreInfoText())
                .addLoad(TEXT + 16L * PAGE, 16L * PAGE, text)
                .addLoad(PAGE_OFFSET, 0, Arrays.copyOf(low, low.length))
                .addLoad(PAGE_OFFSET + HIGH_START * PAGE, HIGH_START * PAGE, Arrays.copyOf(high, high.length))
                .addLoad(0xffffc90000000000L, -1L, vmalloc)
                .write(kcore);
        return kcore;
    }

    /** The struct page of one pfn, in the mem_map pages. */
    final class StructPage {
        private final long at;

        StructPage(long pfn) {
            this.at = (long) MEM_MAP * PAGE + pfn * SIZE_PAGE;
        }

        StructPage flags(long v) {
            buffer(at).putLong(v);
            return this;
        }

        StructPage mapping(long v) {
            buffer(at + 24).putLong(v);
            return this;
        }

        StructPage mapcount(int v) {
            buffer(at + 48).putInt(v);
            return this;
        }

        StructPage privateData(long v) {
            buffer(at + 40).putLong(v);
            return this;
        }

        StructPage compoundHead(long v) {
            buffer(at + 8).putLong(v);
            return this;
        }

        StructPage byteAt(int offset, int v) {
            buffer(at + offset).put((byte) v);
            return this;
        }
    }
}
