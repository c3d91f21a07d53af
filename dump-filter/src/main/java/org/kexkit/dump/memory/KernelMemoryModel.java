package org.kexkit.dump.memory;

import java.io.IOException;
import java.util.OptionalLong;
import org.kexkit.bin.FormatException;
import org.kexkit.bin.PhysicalMemory;
import org.kexkit.vmcoreinfo.EntryKind;

/**
 * The x86-64 kernel memory model of a vmcore from VMCOREINFO alone: address
 * translation plus the sparse mem_map.
 *
 * @param space  kernel virtual to physical
 * @param memMap pfn to struct page
 * @param where  VMCOREINFO and where it sits in the file
 */
public record KernelMemoryModel(KernelAddressSpace space, SparseMemMap memMap, VmcoreInfoLocation where) {
    /** x86-64 MAX_PHYSMEM_BITS without VMCOREINFO: 46 with 4-level paging, 52 with 5-level. */
    static final int MAX_PHYSMEM_BITS_4 = 46;
    static final int MAX_PHYSMEM_BITS_5 = 52;

    /**
     * @param directMapBase page_offset if the file records it (PT_LOADs); empty for a kdump
     *                      file, where it is found through the page tables ({@link DirectMapBase})
     */
    public static KernelMemoryModel of(PhysicalMemory memory, OptionalLong directMapBase, VmcoreInfoLocation where,
            int pageSize) throws IOException, FormatException {
        KernelAddressSpace space = addressSpace(memory, directMapBase, where);
        return new KernelMemoryModel(space, SparseMemMap.of(space, where, pageSize), where);
    }

    /**
     * Kernel virtual to physical alone, without the mem_map: enough for reading kernel variables
     * such as the printk ring buffer.
     *
     * @param directMapBase page_offset if the file records it; else found through the page tables
     */
    public static KernelAddressSpace addressSpace(PhysicalMemory memory, OptionalLong directMapBase,
            VmcoreInfoLocation where) throws IOException, FormatException {
        boolean fiveLevel = where.info().number("pgtable_l5_enabled").orElse(0) != 0;
        long physBase = where.info().number("phys_base").orElse(0);
        long topPgt = where.require(EntryKind.SYMBOL, "init_top_pgt");
        if (Long.compareUnsigned(topPgt, KernelAddressSpace.START_KERNEL_MAP) < 0) {
            throw where.error("SYMBOL(init_top_pgt)", "0x" + Long.toHexString(topPgt)
                    + " is not in the kernel text mapping (from 0xffffffff80000000)");
        }
        long smeMask = where.info().number("sme_mask").orElse(0);
        X86PageTableWalk walk = new X86PageTableWalk(memory, topPgt - KernelAddressSpace.START_KERNEL_MAP + physBase,
                fiveLevel, smeMask);
        int physBits = (int) where.info().number("MAX_PHYSMEM_BITS").orElse(fiveLevel ? MAX_PHYSMEM_BITS_5 : MAX_PHYSMEM_BITS_4);
        if (physBits < 32 || physBits > 56) {
            throw where.error("NUMBER(MAX_PHYSMEM_BITS)", physBits + " is not an x86-64 value (46 or 52)");
        }
        long pageOffset = directMapBase.isPresent() ? directMapBase.getAsLong() : DirectMapBase.find(walk, where);
        return new KernelAddressSpace(memory, pageOffset, physBits, physBase, walk);
    }
}
