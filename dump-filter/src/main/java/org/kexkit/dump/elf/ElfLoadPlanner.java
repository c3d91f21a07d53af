package org.kexkit.dump.elf;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import org.kexkit.elfcore.ProgramHeader;

/**
 * Which PT_LOADs an ELF dump has, as makedumpfile -E lays them out
 * (write_elf_pages_cyclic, get_loads_dumpfile_cyclic): each input PT_LOAD is
 * walked page by page; a run of at least {@link #PFN_EXCLUDED} excluded pages
 * ends the current PT_LOAD there (its memsz covers the run, its filesz does not)
 * and the next dumped page starts a new one; shorter runs stay in the file as
 * data. Excluded pages at the end of an input PT_LOAD are never written. A
 * PT_LOAD that ends before any data gets p_offset 0; input PT_LOADs that overlap
 * (kernel text inside a RAM range) are each written, as makedumpfile does.
 */
public final class ElfLoadPlanner {
    /** makedumpfile.h PFN_EXCLUDED: the shortest run of excluded pages that is left out of the file. */
    public static final int PFN_EXCLUDED = 256;

    private ElfLoadPlanner() {
    }

    /**
     * The plan and how many pages it leaves out of the file ("in ELF format").
     *
     * @param loads     the input's PT_LOADs in table order
     * @param dumped    whether a pfn is dumped (not excluded by level, source or zero content)
     * @param dataStart file offset of the first PT_LOAD's data
     */
    public record Plan(List<ElfLoad> loads, long elfExcludedPages, long dataEnd) {
    }

    public static Plan plan(List<ProgramHeader> loads, int pageSize, LongPredicate dumped, long dataStart) {
        List<ElfLoad> out = new ArrayList<>();
        long offset = dataStart;
        long dropped = 0;
        for (ProgramHeader load : loads) {
            long start = load.paddr();
            long end = start + load.memsz();
            long head = start % pageSize == 0 ? 0 : pageSize - start % pageSize;
            if (head != 0 && end - start <= head) {
                // within one page: nothing to split (makedumpfile's arithmetic assumes more)
                out.add(new ElfLoad(load, offset, load.vaddr(), start, load.memsz(), load.memsz()));
                offset += load.memsz();
                continue;
            }
            long tail = end % pageSize;
            long firstPfn = start / pageSize + (head != 0 ? 1 : 0);
            long endPfn = end / pageSize + (tail != 0 ? 1 : 0);
            long memsz = head;
            long filesz = head;
            long paddr = start;
            long vaddr = load.vaddr();
            long run = 0;
            for (long pfn = firstPfn; pfn < endPfn; pfn++) {
                long size = pfn == endPfn - 1 && tail != 0 ? tail : pageSize;
                if (!dumped.test(pfn)) {
                    run++;
                    memsz += size;
                    continue;
                }
                if (run == 0) {
                    memsz += size;
                    filesz += size;
                    continue;
                }
                if (run < PFN_EXCLUDED) {
                    memsz += size;
                    filesz += run * pageSize + size; // the short run is written as data
                    run = 0;
                    continue;
                }
                dropped += run;
                out.add(new ElfLoad(load, filesz > 0 ? offset : 0, vaddr, paddr, filesz, memsz));
                offset += filesz;
                paddr += memsz;
                vaddr += memsz;
                run = 0;
                memsz = pageSize; // this page opens the next PT_LOAD (makedumpfile counts it whole)
                filesz = pageSize;
            }
            dropped += run;
            out.add(new ElfLoad(load, offset, vaddr, paddr, filesz, memsz));
            offset += filesz;
        }
        return new Plan(List.copyOf(out), dropped, offset);
    }
}
