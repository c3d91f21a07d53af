package org.kexkit.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.kexkit.kho.KhoPropertyTyping;
import org.kexkit.kho.KhoRootReader;
import org.kexkit.kho.fdt.DtsWriter;
import org.kexkit.kho.fdt.Fdt;
import org.kexkit.kho.fdt.FdtReader;

/** A flattened device tree (the KHO root tree, a memblock subtree), its KHO reading and its dts text. */
class FdtFuzzTest {
    @FuzzTest
    @DictionaryEntries({"kho-v4", "compatible", "preserved-memory-map", "fdt", "memblock-v1",
            "reserve-mem-v1", "start", "size"})
    void fdt(byte[] input) {
        Bounds.check("fdt", input.length, 64, 1 << 20, () -> {
            Fdt fdt = FdtReader.read(input, "fdt").tree();
            new DtsWriter(new KhoPropertyTyping(fdt)).write(fdt);
            if (KhoRootReader.looksLikeRoot(fdt)) {
                KhoRootReader.read(fdt);
            }
        });
    }
}
