package org.kexkit.kexec.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kexkit.bin.FormatException;

class SysfsValuesTest {
    @Test
    void cpuList() throws FormatException {
        assertEquals(List.of(0, 1, 2, 3, 8), SysfsValues.cpuList("0-3,8\n", "possible"));
        assertEquals(8192, SysfsValues.cpuList("0-8191", "possible").size());
    }

    @Test
    void repeatedRangesAreRefused() {
        FormatException e = assertThrows(FormatException.class, () -> SysfsValues.cpuList("0-7373,0-7373", "possible"));
        assertEquals("possible: offset 0x7: expected CPU numbers in ascending order, found '0-7373' after 7373",
                e.getMessage());
    }

    @Test
    void aHugeRangeIsOneLineNotBillionsOfEntries() {
        FormatException e = assertThrows(FormatException.class, () -> SysfsValues.cpuList("0-2147483646", "possible"));
        assertEquals("possible: offset 0x0: expected CPU numbers below 8192, found '0-2147483646'", e.getMessage());
    }
}
