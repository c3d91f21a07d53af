package org.kexkit.dump.elf;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.kexkit.bin.PhysRange;
import org.kexkit.dump.memory.KernelAddressSpace;
import org.kexkit.elfcore.ProgramHeader;

/**
 * The PT_LOADs of an ELF core that hold physical memory, as makedumpfile --mem-usage takes
 * them from /proc/kcore (elf_info.c get_kcore_dump_loads). /proc/kcore (fs/proc/kcore.c) gives
 * RAM loads (KCORE_RAM) p_paddr = __pa(vaddr), the kernel text load (KCORE_TEXT) __pa_symbol,
 * and everything else (vmalloc, modules, vmemmap) p_paddr = -1; a saved vmcore gives every load
 * a physical address. Loads without one are dropped, direct-map loads are put before the text
 * load so that RAM is read through the direct map where both hold a page, and the ranges in
 * {@code exclude} (the crash kernel's reservation, which no vmcore holds) are cut out.
 */
public final class RamLoads {
    /** fs/proc/kcore.c: p_paddr of a load that is not linear physical memory. */
    static final long NO_PADDR = -1L;

    private RamLoads() {
    }

    public static List<ProgramHeader> select(List<ProgramHeader> loads, List<PhysRange> exclude) {
        List<ProgramHeader> ram = new ArrayList<>();
        for (ProgramHeader load : loads) {
            if (load.isLoad() && load.paddr() != NO_PADDR && load.memsz() > 0) {
                ram.add(load);
            }
        }
        // stable: direct-map loads first, in table order, then the kernel text mapping
        ram.sort(Comparator.comparing(l -> Long.compareUnsigned(l.vaddr(), KernelAddressSpace.START_KERNEL_MAP) >= 0));
        for (PhysRange cut : exclude) {
            List<ProgramHeader> next = new ArrayList<>();
            for (ProgramHeader load : ram) {
                next.addAll(cut(load, cut.start(), cut.end()));
            }
            ram = next;
        }
        return List.copyOf(ram);
    }

    /** The parts of {@code load} outside physical [start, end), as loads of their own. */
    static List<ProgramHeader> cut(ProgramHeader load, long start, long end) {
        long loadStart = load.paddr();
        long loadEnd = load.paddr() + load.memsz();
        if (end <= loadStart || start >= loadEnd) {
            return List.of(load);
        }
        List<ProgramHeader> parts = new ArrayList<>();
        if (start > loadStart) {
            parts.add(part(load, loadStart, start));
        }
        if (end < loadEnd) {
            parts.add(part(load, end, loadEnd));
        }
        return parts;
    }

    private static ProgramHeader part(ProgramHeader load, long from, long to) {
        long skip = from - load.paddr();
        long filesz = Math.max(0, Math.min(load.filesz() - skip, to - from));
        return new ProgramHeader(load.index(), load.entryOffset(), load.type(), load.flags(), load.offset() + skip,
                load.vaddr() + skip, from, filesz, to - from, load.align());
    }
}
