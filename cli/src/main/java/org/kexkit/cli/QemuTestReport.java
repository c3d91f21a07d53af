package org.kexkit.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.kexkit.kexec.Sizes;
import org.kexkit.qemu.run.CrashkernelSearch;
import org.kexkit.qemu.run.DumpVerification;
import org.kexkit.qemu.run.PanicTestOutcome;
import org.kexkit.qemu.run.PanicTestPlan;

/**
 * What {@code kexkit qemu-test} found, as text or JSON: the machine, the images, the boot whose dump was read (the
 * smallest working size when searching), each check and who made it, what was not verified, and the timings.
 *
 * @param outcome the boot reported (with --find-crashkernel the smallest that worked, else the largest tried)
 * @param boots   every boot, in the order they ran
 */
record QemuTestReport(PanicTestPlan plan, String accelerator, List<String> modules, long captureImageBytes,
        long firstImageBytes, double imageSeconds, PanicTestOutcome outcome, Optional<DumpVerification.Result> verification,
        Optional<CrashkernelSearch.Result> search, List<PanicTestOutcome> boots) {

    /** What failed, in one line; empty when the dump verified (and the search found a size, if one ran). */
    Optional<String> failure() {
        if (search.isPresent() && search.get().smallest().isEmpty()) {
            return Optional.of("no crashkernel= up to " + outcome.crashkernelMiB() + "M completed the dump: "
                    + outcome.failure().orElse("?"));
        }
        if (outcome.failure().isPresent()) {
            return outcome.failure();
        }
        if (verification.isEmpty()) {
            return Optional.of("no dump to read");
        }
        return verification.get().firstFailure().map(c -> "the dump did not verify: " + c.reader() + " " + c.what() + ": "
                + c.detail());
    }

    String text() {
        StringBuilder o = new StringBuilder();
        o.append("qemu-test: ").append(plan.release()).append(" (").append(plan.kernel()).append(")\n");
        o.append("  machine:     ").append(accelerator).append(", ").append(plan.memoryMiB()).append(" MiB, ")
                .append(plan.cpus()).append(" CPUs, ").append(plan.pagingLevels()).append("-level paging offered\n");
        o.append("  capture:     ").append(Sizes.describe(captureImageBytes)).append(" image (kdump setup's, runtime"
                + (plan.runtimeOnDisk() ? " on a read-only disk" : " inside") + "), modules: ").append(modules.isEmpty() ? "none" : String.join(" ", modules)).append('\n');
        o.append("  first image: ").append(Sizes.describe(firstImageBytes)).append(String.format(Locale.ROOT,
                " (built with the capture image in %.1f s)%n", imageSeconds));
        search.ifPresent(s -> {
            o.append("  crashkernel search (").append(s.probes().size()).append(" boots):");
            for (CrashkernelSearch.Probe p : s.probes()) {
                o.append(' ').append(p.mib()).append("M ").append(p.worked() ? "ok" : "failed");
            }
            o.append('\n');
            o.append("  smallest crashkernel=: ").append(s.smallest().isPresent() ? s.smallest().getAsInt() + "M" : "none")
                    .append(s.largestFailing().isPresent() ? " (" + s.largestFailing().getAsInt() + "M failed)" : "").append('\n');
        });
        o.append("  crashkernel: ").append(outcome.crashkernelMiB()).append("M: ")
                .append(outcome.failure().map(f -> "FAILED: " + f).orElse("dump written")).append('\n');
        o.append(String.format(Locale.ROOT, "  timings:     boot %s, load %s, panic to dump written %s; dump %s%n",
                seconds(outcome.bootSeconds()), seconds(outcome.loadSeconds()), seconds(outcome.panicToDumpSeconds()),
                outcome.dumpBytes() < 0 ? "none" : Sizes.describe(outcome.dumpBytes())));
        verification.ifPresent(v -> {
            for (DumpVerification.Check c : v.checks()) {
                o.append("  ").append(c.ok() ? "verified" : "FAILED  ").append(":    ").append(c.reader()).append(' ')
                        .append(c.what()).append(" (").append(c.detail()).append(")\n");
            }
            for (String n : v.notVerified()) {
                o.append("  not verified: ").append(n).append('\n');
            }
        });
        o.append("  console:     ").append(outcome.serialLog()).append('\n');
        o.append("  result:      ").append(failure().map(f -> "FAILED: " + f).orElse("dump verified")).append('\n');
        return o.toString();
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("release", plan.release());
        m.put("kernel", plan.kernel().toString());
        m.put("accelerator", accelerator);
        m.put("memory_mib", plan.memoryMiB());
        m.put("cpus", plan.cpus());
        m.put("paging_levels", plan.pagingLevels());
        m.put("modules", modules);
        m.put("capture_runtime", plan.runtimeOnDisk() ? "disk" : "image");
        m.put("capture_image_bytes", captureImageBytes);
        m.put("first_image_bytes", firstImageBytes);
        m.put("crashkernel_mib", outcome.crashkernelMiB());
        search.ifPresent(s -> {
            m.put("smallest_crashkernel_mib", s.smallest().isPresent() ? s.smallest().getAsInt() : null);
            List<Object> probes = new ArrayList<>();
            for (CrashkernelSearch.Probe p : s.probes()) {
                probes.add(Map.of("crashkernel_mib", p.mib(), "dump_written", p.worked()));
            }
            m.put("probes", probes);
        });
        m.put("dump_written", outcome.dumpWritten());
        m.put("boot_seconds", number(outcome.bootSeconds()));
        m.put("load_seconds", number(outcome.loadSeconds()));
        m.put("panic_to_dump_seconds", number(outcome.panicToDumpSeconds()));
        m.put("dump_bytes", outcome.dumpBytes());
        List<Object> checks = new ArrayList<>();
        List<String> notVerified = new ArrayList<>();
        verification.ifPresent(v -> {
            for (DumpVerification.Check c : v.checks()) {
                Map<String, Object> cm = new LinkedHashMap<>();
                cm.put("reader", c.reader());
                cm.put("what", c.what());
                cm.put("ok", c.ok());
                cm.put("detail", c.detail());
                checks.add(cm);
            }
            notVerified.addAll(v.notVerified());
        });
        m.put("checks", checks);
        m.put("not_verified", notVerified);
        m.put("console_log", outcome.serialLog().toString());
        m.put("verified", failure().isEmpty());
        m.put("failure", failure().orElse(null));
        return m;
    }

    private static String seconds(double s) {
        return Double.isNaN(s) ? "-" : String.format(Locale.ROOT, "%.1f s", s);
    }

    private static Object number(double s) {
        return Double.isNaN(s) ? null : Math.round(s * 10) / 10.0;
    }
}
