package org.kexkit.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.kexkit.dump.memory.X86PageTableWalk;

/** The x86-64 page table walk (4 and 5 levels) through a memory image whose every entry is fuzzed. */
class PageTableWalkFuzzTest {
    @FuzzTest
    void pageTableWalk(FuzzedDataProvider data) {
        boolean fiveLevel = data.consumeBoolean();
        long top = data.consumeLong(0, 1 << 16) & ~0xfffL;
        long sme = data.consumeBoolean() ? 1L << 47 : 0;
        long[] addresses = data.consumeLongs(8);
        byte[] ram = data.consumeRemainingAsBytes();
        Bounds.check("page-table-walk", ram.length, 16, 1 << 20, () -> {
            X86PageTableWalk walk = new X86PageTableWalk(new ArrayMemory(ram), top, fiveLevel, sme);
            for (long vaddr : addresses) {
                walk.translate(vaddr);
            }
        });
    }
}
