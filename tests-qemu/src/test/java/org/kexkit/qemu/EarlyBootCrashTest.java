package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.qemu.run.SerialLog;

/** GuestRun boots a guest again only when its kernel died before /init said anything. */
class EarlyBootCrashTest {
    @TempDir
    Path dir;

    private SerialLog console(String text) throws Exception {
        SerialLog log = new SerialLog(dir.resolve("serial.log"), false);
        log.follow(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1))).join();
        return log;
    }

    @Test
    void aKernelThatDiesBeforeUserspaceIsBootedAgain() throws Exception {
        SerialLog log = console("[    1.69] VFS: Disk quotas dquot_6.6.0\r\n[    1.71] Oops: int3: 0000 [#1] SMP NOPTI\r\n"
                + "[    1.72] Kernel panic - not syncing: Fatal exception in interrupt\r\n");
        assertEquals("[    1.71] Oops: int3: 0000 [#1] SMP NOPTI", GuestRun.earlyCrash(log).orElseThrow().text());
        assertTrue(GuestRun.bootAgainAfterEarlyCrash("panic-capture-7.2", dir, log, 1));
        assertTrue(Files.exists(dir.resolve("serial-boot1.log")), "the console of the crashed boot is kept");
        assertFalse(Files.exists(dir.resolve("serial.log")));
    }

    @Test
    void aPanicAfterTheGuestSpokeIsTheTestsBusiness() throws Exception {
        SerialLog log = console("KEXKIT-GUEST: first userspace at 4.2\nKEXKIT-GUEST: panicking at 9.1\n"
                + "[    9.2] sysrq: Trigger a crash\n[    9.2] Kernel panic - not syncing: sysrq triggered crash\n");
        assertTrue(GuestRun.earlyCrash(log).isEmpty());
        assertFalse(GuestRun.bootAgainAfterEarlyCrash("panic-capture-6.1", dir, log, 1));
    }

    @Test
    void aQuietConsoleIsNoCrash() throws Exception {
        assertTrue(GuestRun.earlyCrash(console("[    0.00] Linux version 6.1.0\n")).isEmpty());
    }
}
