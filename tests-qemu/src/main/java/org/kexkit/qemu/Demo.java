package org.kexkit.qemu;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.kexkit.qemu.run.QemuRunException;

/**
 * The main job: for each kernel, boot it in QEMU, crash-load with kexkit, panic, capture with
 * kexkit (a -d 31 -z dump and the whole vmcore), and open both with drgn and crash. Usage: Demo [6.1|7.2 ...] (default both).
 */
public final class Demo {
    private Demo() {}

    public static void main(String[] args) {
        List<String> labels = args.length == 0 ? List.of("6.1", "7.2") : List.of(args);
        Path repo = Path.of(System.getProperty("kexkit.repo", ".")).toAbsolutePath().normalize();
        HarnessCache cache = HarnessCache.fromEnvironment();
        int failures = 0;
        try {
            PanicCapture.Setup setup = PanicCapture.Setup.prepare(cache, repo);
            DebianKernels kernels = new DebianKernels(cache, setup.sid());
            List<CaptureReport> reports = new ArrayList<>();
            for (String label : labels) {
                System.out.println("== " + label + ": fetching kernel, building initramfs, booting QEMU ...");
                try {
                    GuestKernel kernel = kernels.byLabel(label);
                    CaptureReport r = new PanicCapture(setup, PanicCapture.Options.defaults()).run(kernel);
                    List<String> problems = Verdict.problems(r, kernel);
                    System.out.print(r.format());
                    if (problems.isEmpty()) {
                        System.out.println("  VERIFIED: drgn sees release " + r.drgn().get("release")
                                + ", init_task.comm=" + r.drgn().get("init_task_comm") + ", marker in the kernel log;"
                                + " the -d 31 -z dump shows drgn and crash the same tasks, log and panic stack as the vmcore");
                    } else {
                        failures++;
                        problems.forEach(p -> System.out.println("  FAILED: " + p));
                    }
                    reports.add(r);
                } catch (QemuRunException e) {
                    failures++;
                    System.out.println("  FAILED: " + e.getMessage());
                }
            }
        } catch (QemuRunException e) {
            System.err.println("kexkit demo: " + e.getMessage());
            System.exit(1);
        }
        System.exit(failures == 0 ? 0 : 1);
    }
}
