package org.kexkit.qemu.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a boot's console and crash directory say about where a panic test stopped. */
class PanicTestTest {
    @TempDir
    Path dir;

    private SerialLog console(String text) throws InterruptedException {
        SerialLog log = new SerialLog(dir.resolve("serial.log"), false);
        log.follow(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1))).join();
        return log;
    }

    private Optional<String> failure(String text, Optional<Path> crashDir, Optional<Path> dump) throws InterruptedException {
        SerialLog log = console(text);
        return PanicTest.whatFailed(log, log.find(PanicTest.GUEST + "userspace at", 0).isPresent(),
                log.find(PanicTest.GUEST + "load rc=", 0), log.find(PanicTest::panicLine).isPresent(),
                log.find(PanicTest.CAPTURE_END, 0).isPresent(), crashDir, dump);
    }

    @Test
    void namesTheFirstStepThatDidNotHappen() throws Exception {
        assertTrue(failure("Linux version 6.1\nKernel panic - not syncing: VFS\n", Optional.empty(), Optional.empty())
                .orElseThrow().startsWith("the first kernel never reached its /init; last console line: Kernel panic"));
        String up = "kexkit-qemu-test: userspace at 3.1\n";
        assertTrue(failure(up + "kexkit-qemu-test: load rc=1 start=3.2 end=9.0\n", Optional.empty(), Optional.empty())
                .orElseThrow().startsWith("kexkit could not load the capture kernel"));
        assertEquals(Optional.of("the first kernel reserved no crash memory: crashkernel reservation failed - No suitable area found."),
                failure("[    0.000000] crashkernel reservation failed - No suitable area found.\n" + up
                        + "kexkit-qemu-test: load rc=1 start=3.2 end=9.0\n", Optional.empty(), Optional.empty()));
        String loaded = up + "kexkit-qemu-test: load rc=0 start=3.2 end=9.0\n";
        assertTrue(failure(loaded, Optional.empty(), Optional.empty()).orElseThrow().startsWith("the kernel did not panic; last console line: kexkit-qemu-test: load rc=0"));
        String panicked = loaded + "[   10.1] sysrq: Trigger a crash\n";
        assertTrue(failure(panicked + "Out of memory\n", Optional.empty(), Optional.empty()).orElseThrow()
                .startsWith("the capture kernel did not finish; last console line: Out of memory"));
        assertEquals(Optional.of("the capture kernel panicked: Kernel panic - not syncing: System is deadlocked on memory"),
                failure(panicked + "[   10.2] Kernel panic - not syncing: sysrq triggered crash\n[    1.2] Kernel panic - not"
                        + " syncing: System is deadlocked on memory\n[    1.3] Kernel Offset: 0x2da00000\n", Optional.empty(),
                        Optional.empty()));
        String ended = panicked + "kexkit-capture: after the capture: reboot\n";
        assertEquals(Optional.of("the capture wrote no crash directory; last console line: kexkit-capture: after the capture: reboot"),
                failure(ended, Optional.empty(), Optional.empty()));
        Path crash = Files.createDirectories(dir.resolve("crash/host-20260101-000000"));
        Files.writeString(crash.resolve("status"), "result=failed\nreason=disk full\n");
        assertEquals(Optional.of("the capture reports result=failed"), failure(ended, Optional.of(crash), Optional.empty()));
        Files.writeString(crash.resolve("status"), "result=ok\n");
        assertEquals(Optional.of("the capture's directory holds no dump"), failure(ended, Optional.of(crash), Optional.empty()));
        assertEquals(Optional.empty(), failure(ended, Optional.of(crash), Optional.of(crash.resolve("dump"))));
    }

    @Test
    void aKernelWithoutSysrqPanicsWhenInitEnds() throws Exception {
        String text = "kexkit-qemu-test: userspace at 3.1\nkexkit-qemu-test: load rc=0 start=3.2 end=9.0\n"
                + "[   10.1] Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000100\n"
                + "kexkit-capture: DUMP FAILED: cannot mount /dev/vda (LABEL=kexkit-qemu-test, ext4)\n"
                + "kexkit-capture: after the capture: reboot\n";
        assertEquals(Optional.of("the capture wrote no crash directory: kexkit-capture: DUMP FAILED: cannot mount /dev/vda"
                + " (LABEL=kexkit-qemu-test, ext4)"), failure(text, Optional.empty(), Optional.empty()));
    }

    @Test
    void loadSpanIsTheGuestsUptimeDifference() {
        assertEquals(5.8, PanicTest.span("kexkit-qemu-test: load rc=0 start=3.2 end=9.0"), 1e-9);
        assertTrue(Double.isNaN(PanicTest.span("kexkit-qemu-test: load rc=0")));
    }

    @Test
    void debugfsPathsWithBlanksOrQuotesAreRefused() {
        assertEquals("/tmp/run-1/disk", Ext4Image.debugfsPath(Path.of("/tmp/run-1/disk")));
        for (String bad : new String[] {"/tmp/my run", "/tmp/a\"b", "/tmp/a'b", "/tmp/a\\b", "/tmp/a\nb"}) {
            assertThrows(QemuRunException.class, () -> Ext4Image.debugfsPath(bad), bad);
        }
    }

    @Test
    void planRefusesOtherPagingLevelsAndNoMemoryLeft() {
        Path p = Path.of("k");
        assertThrows(IllegalArgumentException.class, () -> new PanicTestPlan(p, "r", Optional.empty(), 1024, 2, 256, 3, p, p, false));
        assertThrows(IllegalArgumentException.class, () -> new PanicTestPlan(p, "r", Optional.empty(), 256, 2, 256, 4, p, p, false));
    }
}
