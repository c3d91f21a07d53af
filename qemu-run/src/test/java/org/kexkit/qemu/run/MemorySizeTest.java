package org.kexkit.qemu.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MemorySizeTest {
    @Test
    void readsMebibytesAndGibibytes() {
        assertEquals(256, MemorySize.mebibytes("256M"));
        assertEquals(256, MemorySize.mebibytes("256m"));
        assertEquals(256, MemorySize.mebibytes("256"));
        assertEquals(4096, MemorySize.mebibytes("4G"));
    }

    @Test
    void refusesOtherText() {
        for (String bad : new String[] {"", "M", "1.5G", "-1M", "0M", "256K", "2048G", "12345678", "1G "+"x"}) {
            assertThrows(IllegalArgumentException.class, () -> MemorySize.mebibytes(bad), bad);
        }
    }

    @Test
    void formatsWholeGibibytesAsG() {
        assertEquals("1G", MemorySize.format(1024));
        assertEquals("192M", MemorySize.format(192));
    }
}
