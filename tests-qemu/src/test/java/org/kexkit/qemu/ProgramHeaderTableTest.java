package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProgramHeaderTableTest {
    @Test
    void readsLoadsFromARecordedVmcoreInfo() {
        Path repo = Path.of(System.getProperty("kexkit.repo", "..")).toAbsolutePath().normalize();
        Set<ProgramHeaderTable.Load> loads = ProgramHeaderTable.loads(
                repo.resolve("kexec-loader/src/test/resources/sysroot/qemu-6.1/vmcore-info-kexec-tools-c.txt"));
        assertEquals(4, loads.size());
        assertTrue(loads.stream().anyMatch(l -> l.paddr() == 0x1000 && l.size() == 0x9ec00));
        assertTrue(loads.stream().anyMatch(l -> l.paddr() == 0x100000 && l.size() == 0x2df00000L));
    }
}
