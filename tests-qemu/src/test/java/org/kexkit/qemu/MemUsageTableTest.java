package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MemUsageTableTest {
    static final List<String> TABLE = List.of("", "TYPE\t\tPAGES\t\t\tEXCLUDABLE\tDESCRIPTION",
            "----------------------------------------------------------------------",
            "ZERO\t\t2898            \tyes\t\tPages filled with zero",
            "NON_PRI_CACHE\t21185           \tyes\t\tCache pages without private flag",
            "PRI_CACHE\t6               \tyes\t\tCache pages with private flag",
            "USER\t\t21              \tyes\t\tUser process pages",
            "FREE\t\t154918          \tyes\t\tFree pages",
            "KERN_DATA\t17286           \tno\t\tDumpable kernel data ", "",
            "page size:\t\t4096            ", "Total pages on system:\t196314          ",
            "Total size on system:\t804102144        Byte");

    @Test
    void parsesMakedumpfilesTable() {
        MemUsageTable t = MemUsageTable.parse(TABLE).orElseThrow();
        assertEquals(21185, t.get("NON_PRI_CACHE"));
        assertEquals(17286, t.get("KERN_DATA"));
        assertEquals(4096, t.pageSize());
        assertEquals(196314, t.totalPages());
        assertEquals(804102144L, t.totalBytes());
        assertEquals(196314, t.rowSum());
    }

    @Test
    void aMissingRowIsNoTable() {
        assertTrue(MemUsageTable.parse(TABLE.subList(0, 8)).isEmpty());
    }
}
