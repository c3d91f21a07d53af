package org.kexkit.dump.memory;

import java.io.IOException;
import java.util.OptionalLong;
import org.kexkit.bin.LittleEndian;
import org.kexkit.bin.PhysicalMemory;

/**
 * x86-64 kernel virtual to physical (REFERENCE 2.7): the direct map by
 * subtraction, the kernel text mapping by __START_KERNEL_map and phys_base,
 * anything else (vmemmap, vmalloc) by the page-table walk.
 */
public final class KernelAddressSpace {
    /** __START_KERNEL_map (arch/x86/include/asm/page_64_types.h). */
    public static final long START_KERNEL_MAP = 0xffffffff80000000L;
    /**
     * KERNEL_IMAGE_SIZE with KASLR (arch/x86/include/asm/page_64_types.h): the text mapping ends there
     * and the module area (MODULES_VADDR) begins, which only the page tables translate.
     */
    public static final long DEFAULT_KERNEL_IMAGE_SIZE = 1L << 30;
    /** 4 KiB translations are cached: struct page reads hit the same vmemmap pages again and again. */
    private static final int CACHE = 1024;

    private final PhysicalMemory memory;
    private final long pageOffset;
    private final long directMapSize;
    private final long physBase;
    private final long imageEnd;
    private final X86PageTableWalk walk;
    private final long[] cachedPage = new long[CACHE];
    private final long[] cachedPhys = new long[CACHE];
    /** The last 2 MiB or 1 GiB page walked to: [largeStart, largeStart + largeSize) at largePhys. */
    private long largeStart;
    private long largeSize;
    private long largePhys;

    /**
     * @param pageOffset    start of the direct map (from a PT_LOAD: vaddr - paddr)
     * @param maxPhysmemBits NUMBER(MAX_PHYSMEM_BITS): the direct map's size
     * @param physBase      NUMBER(phys_base)
     */
    public KernelAddressSpace(PhysicalMemory memory, long pageOffset, int maxPhysmemBits, long physBase,
            X86PageTableWalk walk) {
        this(memory, pageOffset, maxPhysmemBits, physBase, DEFAULT_KERNEL_IMAGE_SIZE, walk);
    }

    /** @param kernelImageSize NUMBER(KERNEL_IMAGE_SIZE): the text mapping's size */
    public KernelAddressSpace(PhysicalMemory memory, long pageOffset, int maxPhysmemBits, long physBase,
            long kernelImageSize, X86PageTableWalk walk) {
        this.memory = memory;
        this.imageEnd = START_KERNEL_MAP + kernelImageSize;
        this.pageOffset = pageOffset;
        this.directMapSize = 1L << maxPhysmemBits;
        this.physBase = physBase;
        this.walk = walk;
        java.util.Arrays.fill(cachedPage, -1);
    }

    public PhysicalMemory memory() {
        return memory;
    }

    public long pageOffset() {
        return pageOffset;
    }

    /** True if {@code vaddr} lies in the direct map (where slab objects such as anon_vma live). */
    public boolean inDirectMap(long vaddr) {
        return Long.compareUnsigned(vaddr, pageOffset) >= 0 && Long.compareUnsigned(vaddr - pageOffset, directMapSize) < 0;
    }

    public OptionalLong toPhysical(long vaddr) throws IOException {
        if (Long.compareUnsigned(vaddr, START_KERNEL_MAP) >= 0 && Long.compareUnsigned(vaddr, imageEnd) < 0) {
            return OptionalLong.of(vaddr - START_KERNEL_MAP + physBase);
        }
        if (inDirectMap(vaddr)) {
            return OptionalLong.of(vaddr - pageOffset);
        }
        if (Long.compareUnsigned(vaddr - largeStart, largeSize) < 0) {
            return OptionalLong.of(largePhys + (vaddr - largeStart));
        }
        long page = vaddr >>> 12;
        int slot = (int) (page % CACHE);
        if (cachedPage[slot] == page) {
            return OptionalLong.of(cachedPhys[slot] | (vaddr & 0xfff));
        }
        X86PageTableWalk.Leaf leaf = walk.leaf(vaddr);
        if (leaf == null) {
            return OptionalLong.empty();
        }
        if (leaf.size() > 4096) {
            // vmemmap in 2 MiB pages: the struct pages of 32768 pfns translate without another walk,
            // and their reads stay one ascending stream (a walk's table reads in between broke it)
            largeStart = vaddr & -leaf.size();
            largeSize = leaf.size();
            largePhys = leaf.phys();
        } else {
            cachedPage[slot] = page;
            cachedPhys[slot] = leaf.phys();
        }
        return OptionalLong.of(leaf.phys() | (vaddr & (leaf.size() - 1)));
    }

    /** Reads kernel virtual memory page piece by page piece; false if any piece is unmapped or missing. */
    public boolean read(long vaddr, byte[] dst, int at, int length) throws IOException {
        int done = 0;
        while (done < length) {
            long v = vaddr + done;
            int n = (int) Math.min(length - done, 4096 - (v & 0xfff));
            OptionalLong p = toPhysical(v);
            if (p.isEmpty() || !memory.read(p.getAsLong(), dst, at + done, n)) {
                return false;
            }
            done += n;
        }
        return true;
    }

    public OptionalLong readLong(long vaddr) throws IOException {
        byte[] b = new byte[8];
        return read(vaddr, b, 0, 8) ? OptionalLong.of(LittleEndian.u64(b, 0)) : OptionalLong.empty();
    }
}
