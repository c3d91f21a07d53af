package org.kexkit.dump.printk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.DumpException;

/** --dump-dmesg from an ELF vmcore file to a log file. */
class DmesgDumperTest {
    @TempDir
    Path dir;

    @Test
    void writesTheLogOwnerOnly() throws Exception {
        Path vmcore = LocklessRingTest.ring().writeVmcore(dir);
        Path out = dir.resolve("dmesg.txt");
        assertEquals(4, DmesgDumper.dump(vmcore, out, false));
        assertEquals(LocklessRingTest.log(LocklessRingTest.ring()), Files.readString(out, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        assertThrows(DumpException.class, () -> DmesgDumper.dump(vmcore, out, false), "no overwrite without force");
        assertEquals(4, DmesgDumper.dump(vmcore, out, true));
    }

    @Test
    void aMissingRingIsReportedBeforeAnythingIsWritten() throws Exception {
        Path vmcore = LocklessRingTest.ring().info("SYMBOL(prb)", null).writeVmcore(dir);
        Path out = dir.resolve("dmesg.txt");
        FormatException e = assertThrows(FormatException.class, () -> DmesgDumper.dump(vmcore, out, false));
        assertTrue(e.getMessage().startsWith(vmcore + ": offset 0x"), e.getMessage());
        assertTrue(e.getMessage().contains("VMCOREINFO has no SYMBOL(prb)"), e.getMessage());
        assertFalse(Files.exists(out));
    }
}
