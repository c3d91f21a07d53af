package org.kexkit.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import org.kexkit.dump.input.VmcoreSources;
import org.kexkit.dump.printk.DmesgDumper;
import org.kexkit.dump.source.VmcoreSource;

/** An ELF vmcore as /proc/vmcore or a saved file gives it: headers, notes, VMCOREINFO, pages, a -d 31 dump, dmesg. */
class ElfVmcoreFuzzTest {
    @FuzzTest
    @DictionaryEntries({"ELF", "CORE", "VMCOREINFO", "OSRELEASE=", "PAGESIZE=4096", "SYMBOL(", "OFFSET(", "SIZE(",
            "NUMBER(", "LENGTH("})
    void elfVmcore(byte[] input) {
        Bounds.check("elf-vmcore", input.length, 8, 32 << 20, () -> {
            Path file = InputFile.write("vmcore", input);
            try (VmcoreSource source = VmcoreSources.open(file)) {
                Exercise.read(source);
                Exercise.dump(source);
            }
            DmesgDumper.read(file);
        });
    }
}
