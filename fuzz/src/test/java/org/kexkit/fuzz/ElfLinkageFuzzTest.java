package org.kexkit.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.kexkit.capture.ElfLinkage;
import org.kexkit.capture.KernelRelease;

/**
 * A program or library as kdump setup reads it for the libraries it needs (PT_INTERP, DT_NEEDED through
 * DT_STRTAB), and the same bytes as a bzImage whose release names the module tree. Nothing is copied beyond
 * the strings found, so the bound is small.
 */
class ElfLinkageFuzzTest {
    @FuzzTest
    @DictionaryEntries({"ELF", "HdrS", "libc.so.6"})
    void elfLinkage(byte[] input) {
        Bounds.check("elf-linkage", input.length, 4, 1 << 20, () -> {
            KernelRelease.ofBzImage(input);
            if (ElfLinkage.isElf(input)) {
                ElfLinkage.read(input, "program");
            }
        });
    }
}
