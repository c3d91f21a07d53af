package org.kexkit.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.kexkit.kexec.system.IomemParser;

/** /proc/iomem text: nested ranges, names, the kinds kexkit sorts them into. */
class IomemFuzzTest {
    @FuzzTest
    @DictionaryEntries({"System RAM", "Crash kernel", "Kernel code", "Persistent Memory", "reserved", " : ", "  ",
            "-"})
    void iomem(byte[] input) {
        Bounds.check("iomem", input.length, 64, 1 << 20, () ->
                IomemParser.parse(new String(input, StandardCharsets.ISO_8859_1), "/proc/iomem"));
    }
}
