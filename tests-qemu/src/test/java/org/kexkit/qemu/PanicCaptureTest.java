package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * End to end on real Debian kernels: kexkit crash-loads the capture kernel with kexec_file_load,
 * the guest panics, the capture kernel's kexkit writes a -d 31 -z kdump-compressed dump and saves
 * /proc/vmcore, and drgn and crash (Debian sid's, in a debootstrap'd root) open both: the dump must
 * show the same release, tasks, kernel log (marker line included) and crashed stack as the vmcore. Needs qemu, debootstrap and the Debian archive; when one is
 * missing the test fails with the reason rather than skipping.
 */
@Tag("qemu")
class PanicCaptureTest {
    private static QemuFixture qemu;

    @BeforeAll
    static void prepare() {
        qemu = QemuFixture.prepare();
    }

    @ParameterizedTest(name = "Debian {0} kernel: panic, capture with kexkit, drgn and crash open the dump")
    @ValueSource(strings = {"6.1", "7.2"})
    void panicLeavesVmcoreThatDrgnOpens(String label) throws Exception {
        GuestKernel kernel = qemu.kernels.byLabel(label);
        CaptureReport report = new PanicCapture(qemu.setup, PanicCapture.Options.defaults()).run(kernel);
        System.out.print(report.format());

        List<String> problems = Verdict.problems(report, kernel);
        assertEquals(List.of(), problems, "drgn's view of the captured vmcore");
        assertTrue(report.vmcoreBytes() > (report.captureMemTotalKiB() * 1024L),
                "the vmcore holds the first kernel's memory, larger than the capture kernel's own");
        assertEquals("True", report.drgn().get("sysrq_in_log"), "the panic itself is in the dump's log");

        // The dump is deterministic: the same run on the host (libzstd present) must give the same
        // bytes, which also shows the capture kernel compressed with libzstd (level 1), not the
        // pure-Java fallback (level 3, other sizes).
        Path work = qemu.setup.sid().workDir("panic-capture-" + label);
        Path again = work.resolve("dumpfile-host");
        MakedumpfileOracle.kexkit("makedumpfile", "-d", "31", "-z", "--message-level", "0", "-f",
                work.resolve("vmcore").toString(), again.toString());
        assertEquals(-1L, java.nio.file.Files.mismatch(again, work.resolve("dumpfile")),
                "the capture kernel's dump equals the host's from the same vmcore");
        java.nio.file.Files.delete(again);
    }
}
