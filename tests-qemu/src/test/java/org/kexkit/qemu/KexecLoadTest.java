package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kexkit's own kexec_load path (ELF core header, boot_params, purgatory) on real Debian kernels:
 * a crash load with -c whose capture kernel saves a vmcore drgn opens, with the same PT_LOADs that
 * Debian's kexec-tools gives the same guest (each difference explained), and a normal -l + -e
 * that boots the same kernel again.
 */
@Tag("qemu")
class KexecLoadTest {
    /**
     * The differences from kexec-tools that are intended. kexec-tools maps the first 640 KiB of RAM
     * through its backup region and so lists 0x1000-0x9fbff; kexkit, like the kernel's own
     * kexec_file_load, leaves the low 1 MiB out: x86 kernels keep it reserved, so the capture
     * kernel never overwrites it and no backup copy is needed, and its content is BIOS data.
     */
    static final Set<ProgramHeaderTable.Load> ONLY_IN_KEXEC_TOOLS = Set.of(new ProgramHeaderTable.Load(0x1000, 0x9ec00, 0));

    /** The kernel whose second boot also runs the lockdown checks. */
    private static final String LOCKDOWN_KERNEL = "7.2";

    private static QemuFixture qemu;

    @BeforeAll
    static void prepare() {
        qemu = QemuFixture.prepare();
    }

    @ParameterizedTest(name = "Debian {0} kernel: kexec -p -c, panic, drgn opens the vmcore, PT_LOADs as kexec-tools'")
    @ValueSource(strings = {"6.1", "7.2"})
    void crashLoadWithOwnElfCoreHeader(String label) {
        GuestKernel kernel = qemu.kernels.byLabel(label);
        // Without KASLR the kernel, and so the crash region, sit at the same place in both boots.
        PanicCapture.Options options = PanicCapture.Options.defaults().withExtraCmdline("nokaslr");
        PanicCapture capture = new PanicCapture(qemu.setup, options, PanicCapture.Loader.LOAD);
        CaptureReport report = capture.run(kernel);
        System.out.print(report.format());
        assertEquals(List.of(), Verdict.problems(report, kernel), "drgn's view of the vmcore captured after a -c load");

        KexecToolsReference.Recording reference = new KexecToolsReference(qemu.setup, options).record(kernel);
        Set<ProgramHeaderTable.Load> ours = physical(ProgramHeaderTable.loads(capture.lastVmcoreInfo()));
        Set<ProgramHeaderTable.Load> theirs = physical(ProgramHeaderTable.loads(reference.vmcoreInfo()));
        Set<ProgramHeaderTable.Load> onlyOurs = new TreeSet<>(ours);
        onlyOurs.removeAll(theirs);
        Set<ProgramHeaderTable.Load> onlyTheirs = new TreeSet<>(theirs);
        onlyTheirs.removeAll(ours);
        System.out.println("  PT_LOADs only in kexkit's: " + onlyOurs + "; only in kexec-tools': " + onlyTheirs);
        assertEquals(Set.of(), onlyOurs, "PT_LOADs kexkit adds over kexec-tools");
        assertEquals(ONLY_IN_KEXEC_TOOLS, onlyTheirs, "PT_LOADs only kexec-tools has (explained above)");
    }

    @ParameterizedTest(name = "Debian {0} kernel: kexec -l -c then -e boots the same kernel again (7.2: then, under"
            + " lockdown, an unsigned kernel through kexec_file_load and kexec_load are refused in one line)")
    @ValueSource(strings = {"6.1", "7.2"})
    void normalLoadAndExecute(String label) {
        GuestKernel kernel = qemu.kernels.byLabel(label);
        // the lockdown checks cost about two kexkit loads; one kernel is enough (6.1 passed them too when added)
        KexecReboot.Report r = new KexecReboot(qemu.setup, PanicCapture.Options.defaults()).run(kernel, "-c",
                label.equals(LOCKDOWN_KERNEL));
        System.out.printf("kernel %s: kexec -l -c load %.2f s, -e to second userspace %.2f s%n",
                label, r.loadSeconds(), r.execToSecondUserspaceSeconds());
        assertEquals(kernel.release(), r.secondRelease());
        assertTrue(r.secondCmdline().contains("kexkit.marker=" + r.marker()), "second kernel's command line: " + r.secondCmdline());
        if (label.equals(LOCKDOWN_KERNEL)) {
            lockdownRefuses(r.lockdown().orElseThrow());
        }
    }

    /**
     * The second kernel, its lockdown raised to integrity (Debian's kernels have the lockdown LSM, and
     * CONFIG_KEXEC_SIG without CONFIG_KEXEC_SIG_FORCE: unsigned images load until lockdown is on),
     * refuses both loads with EPERM; kexkit says so in one plain line naming lockdown, exits 1, loads
     * nothing and tries no other syscall.
     */
    private static void lockdownRefuses(KexecReboot.Lockdown l) {
        System.out.printf("  under lockdown (%s, %.2f s): unsigned image: %s%n    -s: %s%n    -c: %s%n", l.mode(), l.seconds(),
                l.unsignedImage(), l.fileLoad(), l.kexecLoad());
        assertTrue(l.mode().contains("[integrity]"), "lockdown mode: " + l.mode());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("signature-at=(\\d+) signature-bytes=(\\d+) size=(\\d+)")
                .matcher(l.unsignedImage());
        assertTrue(m.find() && !m.group(2).equals("0") && m.group(1).equals(m.group(3)),
                "the image had a signature and lost it: " + l.unsignedImage());
        assertRefused(l.fileLoad(), "kexec_file_load failed with EPERM: kernel lockdown is active (mode: integrity)",
                "kexec_load failed");
        assertRefused(l.kexecLoad(), "kexec_load failed with EPERM: kernel lockdown is active (mode: integrity)",
                "kexec_file_load failed");
    }

    private static void assertRefused(KexecReboot.Attempt a, String says, String neverTried) {
        assertEquals(1, a.exitCode(), a.stderr());
        assertFalse(a.loaded(), "nothing loaded: " + a.stderr());
        assertEquals(1, a.stderrLines(), "one line: " + a.stderr());
        assertTrue(a.stderr().startsWith("kexkit: cannot ") && a.stderr().contains(says), a.stderr());
        assertFalse(a.stderr().contains(neverTried), "no other syscall tried: " + a.stderr());
        assertFalse(a.stderr().contains("Exception") || a.stderr().contains("\tat "), "no stack trace: " + a.stderr());
    }

    /** Physical extent only: the virtual address of the text mapping moves with KASLR of the capture. */
    private static Set<ProgramHeaderTable.Load> physical(Set<ProgramHeaderTable.Load> loads) {
        Set<ProgramHeaderTable.Load> out = new TreeSet<>();
        loads.forEach(l -> out.add(new ProgramHeaderTable.Load(l.paddr(), l.size(), 0)));
        return out;
    }
}
