package org.kexkit.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.kexkit.bin.PhysicalMemory;
import org.kexkit.kho.PreservedMemoryMapReader;

/** The preserved-memory radix tree walked through a memory image whose every pointer is fuzzed. */
class KhoPreservedMemoryFuzzTest {
    @FuzzTest
    void preservedMemory(FuzzedDataProvider data) {
        long root = data.consumeLong(0, 1 << 16);
        byte[] ram = data.consumeRemainingAsBytes();
        Bounds.check("kho-preserved-memory", ram.length, 64, 4 << 20, () -> {
            PhysicalMemory memory = new ArrayMemory(ram);
            PreservedMemoryMapReader.read(memory, "image", root);
        });
    }
}
