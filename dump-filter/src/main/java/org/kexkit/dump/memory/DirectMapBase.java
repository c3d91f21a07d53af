package org.kexkit.dump.memory;

import java.io.IOException;
import java.util.OptionalLong;
import org.kexkit.bin.FormatException;
import org.kexkit.vmcoreinfo.EntryKind;

/**
 * page_offset (the direct map's start, randomized under KASLR) of a dump
 * without PT_LOADs, such as a kdump-compressed file: VMCOREINFO does not carry
 * it, but it names objects that live in the direct map, so walking the page
 * tables for one of them gives {@code page_offset = vaddr - paddr} exactly.
 * makedumpfile re-filtering falls back to the fixed pre-KASLR constants instead.
 */
final class DirectMapBase {
    /** The direct map starts on a 1 GiB (PUD) boundary; 2 MiB is checked so a stray vmalloc address is not taken. */
    static final long ALIGNMENT = 2L << 20;

    private DirectMapBase() {
    }

    /**
     * Tries SYMBOL(mem_section) (the kmalloc'd root array with SPARSEMEM_EXTREME)
     * and the first node's pglist_data pointer in SYMBOL(node_data).
     */
    static long find(X86PageTableWalk walk, VmcoreInfoLocation where) throws IOException, FormatException {
        OptionalLong memSection = where.info().symbol("mem_section");
        if (memSection.isPresent()) {
            OptionalLong base = base(walk, memSection.getAsLong());
            if (base.isPresent()) {
                return base.getAsLong();
            }
        }
        OptionalLong nodeData = where.info().symbol("node_data");
        if (nodeData.isPresent() && Long.compareUnsigned(nodeData.getAsLong(), KernelAddressSpace.START_KERNEL_MAP) >= 0) {
            OptionalLong phys = walk.translate(nodeData.getAsLong());
            if (phys.isPresent()) {
                OptionalLong pgdat = walk.memory().readLong(phys.getAsLong());
                if (pgdat.isPresent()) {
                    OptionalLong base = base(walk, pgdat.getAsLong());
                    if (base.isPresent()) {
                        return base.getAsLong();
                    }
                }
            }
        }
        throw new FormatException(where.file(), where.offsetOf(VmcoreInfoLocation.key(EntryKind.SYMBOL, "mem_section")),
                "the kernel's direct map could not be found: neither SYMBOL(mem_section) nor node_data[0] is mapped"
                        + " there by the page tables from SYMBOL(init_top_pgt)");
    }

    private static OptionalLong base(X86PageTableWalk walk, long vaddr) throws IOException {
        if (Long.compareUnsigned(vaddr, KernelAddressSpace.START_KERNEL_MAP) >= 0 || vaddr >= 0) {
            return OptionalLong.empty(); // kernel text or a user address: not the direct map
        }
        OptionalLong phys = walk.translate(vaddr);
        if (phys.isEmpty()) {
            return OptionalLong.empty();
        }
        long base = vaddr - phys.getAsLong();
        return base % ALIGNMENT == 0 ? OptionalLong.of(base) : OptionalLong.empty();
    }
}
