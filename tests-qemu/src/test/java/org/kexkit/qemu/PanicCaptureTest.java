package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * End to end on real Debian kernels: kexkit crash-loads the capture kernel with kexec_file_load,
 * the guest panics, the capture kernel's kexkit saves /proc/vmcore, and drgn (Debian sid's, in a
 * debootstrap'd root) opens the dump. Needs qemu, debootstrap and the Debian archive; when one is
 * missing the test fails with the reason rather than skipping.
 */
class PanicCaptureTest {
    private static PanicCapture.Setup setup;
    private static DebianKernels kernels;

    @BeforeAll
    static void prepare() {
        QemuFixture fixture = QemuFixture.prepare();
        setup = fixture.setup;
        kernels = fixture.kernels;
    }

    @ParameterizedTest(name = "Debian {0} kernel: panic, capture with kexkit, drgn opens the vmcore")
    @ValueSource(strings = {"6.1", "7.2"})
    void panicLeavesVmcoreThatDrgnOpens(String label) {
        GuestKernel kernel = kernels.byLabel(label);
        CaptureReport report = new PanicCapture(setup, PanicCapture.Options.defaults()).run(kernel);
        System.out.print(report.format());

        List<String> problems = Verdict.problems(report, kernel);
        assertEquals(List.of(), problems, "drgn's view of the captured vmcore");
        assertTrue(report.vmcoreBytes() > (report.captureMemTotalKiB() * 1024L),
                "the vmcore holds the first kernel's memory, larger than the capture kernel's own");
        assertEquals("True", report.drgn().get("sysrq_in_log"), "the panic itself is in the dump's log");
    }
}
