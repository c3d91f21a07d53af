package org.kexkit.dump.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;
import org.kexkit.elfcore.ProgramHeader;

/** makedumpfile -E's PT_LOAD layout (write_elf_pages_cyclic) on one 1000-page PT_LOAD. */
class ElfLoadPlannerTest {
    static final int PAGE = 4096;
    static final long VADDR = 0xffff888000000000L;
    static final long START = 0x100000;
    static final long DATA = 0x2000;
    static final ProgramHeader LOAD = new ProgramHeader(1, 120, ProgramHeader.PT_LOAD, 7, 0x5000, VADDR + START, START,
            1000L * PAGE, 1000L * PAGE, 0);
    static final long FIRST = START / PAGE;

    private static ElfLoadPlanner.Plan plan(long excludedFrom, long excludedTo) {
        LongPredicate dumped = pfn -> pfn - FIRST < excludedFrom || pfn - FIRST >= excludedTo;
        return ElfLoadPlanner.plan(List.of(LOAD), PAGE, dumped, DATA);
    }

    private static void assertLoad(ElfLoad load, long offset, long fromPage, long filePages, long memPages) {
        assertEquals(offset, load.offset(), "p_offset");
        assertEquals(START + fromPage * PAGE, load.paddr(), "p_paddr");
        assertEquals(VADDR + START + fromPage * PAGE, load.vaddr(), "p_vaddr");
        assertEquals(filePages * PAGE, load.filesz(), "p_filesz");
        assertEquals(memPages * PAGE, load.memsz(), "p_memsz");
    }

    @Test
    void nothingExcludedKeepsTheLoad() {
        ElfLoadPlanner.Plan p = plan(0, 0);
        assertEquals(1, p.loads().size());
        assertLoad(p.loads().get(0), DATA, 0, 1000, 1000);
        assertEquals(0, p.elfExcludedPages());
        assertEquals(DATA + 1000L * PAGE, p.dataEnd());
    }

    @Test
    void aRunOf256ExcludedPagesSplitsTheLoad() {
        ElfLoadPlanner.Plan p = plan(100, 356);
        assertEquals(2, p.loads().size());
        assertLoad(p.loads().get(0), DATA, 0, 100, 356);
        assertLoad(p.loads().get(1), DATA + 100L * PAGE, 356, 644, 644);
        assertEquals(256, p.elfExcludedPages());
    }

    @Test
    void aRunOf255StaysInTheFileAsData() {
        ElfLoadPlanner.Plan p = plan(100, 355);
        assertEquals(1, p.loads().size());
        assertLoad(p.loads().get(0), DATA, 0, 1000, 1000);
        assertEquals(0, p.elfExcludedPages());
    }

    @Test
    void excludedPagesAtTheEndAreOnlyInMemsz() {
        ElfLoadPlanner.Plan p = plan(990, 1000);
        assertEquals(1, p.loads().size());
        assertLoad(p.loads().get(0), DATA, 0, 990, 1000);
        assertEquals(10, p.elfExcludedPages());
    }

    @Test
    void aLongRunAtTheStartGivesALoadWithoutDataAtOffsetZero() {
        ElfLoadPlanner.Plan p = plan(0, 300);
        assertEquals(2, p.loads().size());
        assertLoad(p.loads().get(0), 0, 0, 0, 300);
        assertLoad(p.loads().get(1), DATA, 300, 700, 700);
    }

    @Test
    void anUnalignedStartKeepsItsPartialPageAsData() {
        ProgramHeader load = new ProgramHeader(1, 120, ProgramHeader.PT_LOAD, 7, 0x5000, VADDR + START + 0x800,
                START + 0x800, 0x800 + 999L * PAGE, 0x800 + 999L * PAGE, 0);
        LongPredicate dumped = pfn -> pfn - FIRST < 10 || pfn - FIRST >= 600;
        ElfLoadPlanner.Plan p = ElfLoadPlanner.plan(List.of(load), PAGE, dumped, DATA);
        assertEquals(2, p.loads().size());
        assertEquals(START + 0x800, p.loads().get(0).paddr());
        assertEquals(0x800 + 9L * PAGE, p.loads().get(0).filesz());
        assertEquals(0x800 + 599L * PAGE, p.loads().get(0).memsz());
        assertEquals(START + 600L * PAGE, p.loads().get(1).paddr());
        assertEquals(590, p.elfExcludedPages());
    }
}
