package org.kexkit.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import org.kexkit.dump.kdump.KdumpReader;
import org.kexkit.dump.kdump.KdumpVmcore;
import org.kexkit.dump.printk.DmesgDumper;

/**
 * A kdump-compressed file (plain or flattened) as re-filtering, `--dump-dmesg` and the reader
 * take it: headers, sub header, both bitmaps, descriptors, compressed pages, a -d 31 dump of it.
 */
class KdumpFuzzTest {
    @FuzzTest
    @DictionaryEntries({"KDUMP   ", "DISKDUMP", "makedumpfile", "VMCOREINFO", "PAGESIZE=4096"})
    void kdump(byte[] input) {
        Bounds.check("kdump", input.length, 16, 32 << 20, () -> {
            Path file = InputFile.write("dump", input);
            try (KdumpReader reader = KdumpReader.open(file)) {
                reader.vmcoreInfo();
                reader.noteBytes();
                int read = 0;
                for (long pfn = 0; pfn < reader.maxMapnr() && read < Exercise.MAX_PAGES; pfn++) {
                    if (reader.has(pfn)) {
                        read++;
                        try {
                            reader.readPage(pfn);
                        } catch (org.kexkit.bin.FormatException e) {
                            // one bad page: the others are still read
                        }
                    }
                }
            }
            try (KdumpVmcore source = KdumpVmcore.open(file)) {
                Exercise.read(source);
                Exercise.dump(source);
            }
            DmesgDumper.read(file);
        });
    }
}
