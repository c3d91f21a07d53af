package org.kexkit.qemu.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.DumpException;
import org.kexkit.dump.input.VmcoreSources;
import org.kexkit.dump.memory.VmcoreInfoLocation;
import org.kexkit.dump.printk.DmesgDumper;
import org.kexkit.dump.printk.LogText;
import org.kexkit.dump.source.DumpIdentity;
import org.kexkit.dump.source.VmcoreSource;

/**
 * Reads a panic test's dump back: with kexkit's own reader always (the release in its header, the marker and
 * the sysrq panic in its kernel log, its paging levels), and with drgn when the host's python3 has it.
 */
public final class DumpVerification {
    /** One fact checked by one reader. */
    public record Check(String reader, String what, boolean ok, String detail) {}

    /** The checks, and what no reader checked (a reader missing, with why). */
    public record Result(List<Check> checks, List<String> notVerified) {
        public boolean verified() {
            return !checks.isEmpty() && checks.stream().allMatch(Check::ok);
        }

        public Optional<Check> firstFailure() {
            return checks.stream().filter(c -> !c.ok()).findFirst();
        }
    }

    private DumpVerification() {}

    /** @param drgn drgn to try, or null to leave it out */
    public static Result verify(Path dump, String release, String marker, int pagingLevels, DrgnCheck drgn) {
        List<Check> checks = new ArrayList<>();
        List<String> notVerified = new ArrayList<>();
        kexkit(dump, release, marker, pagingLevels, checks);
        if (drgn == null) {
            notVerified.add("drgn: not asked for");
        } else if (!drgn.available()) {
            notVerified.add("drgn: not installed (python3 cannot import drgn)");
        } else {
            drgn(drgn, dump, release, marker, checks, notVerified);
        }
        notVerified.add("crash: not run (qemu-test reads with kexkit and drgn)");
        return new Result(List.copyOf(checks), List.copyOf(notVerified));
    }

    private static void kexkit(Path dump, String release, String marker, int pagingLevels, List<Check> checks) {
        String reader = "kexkit";
        try (VmcoreSource source = VmcoreSources.open(dump)) {
            String seen = DumpIdentity.of(source).utsname().release();
            checks.add(new Check(reader, "release", seen.equals(release), seen));
            Optional<VmcoreInfoLocation> where = source.vmcoreInfoLocation();
            long l5 = where.flatMap(w -> {
                var n = w.info().number("pgtable_l5_enabled");
                return n.isPresent() ? Optional.of(n.getAsLong()) : Optional.empty();
            }).orElse(0L);
            int levels = l5 != 0 ? 5 : 4;
            // a kernel without 5-level support runs 4 levels on an LA57 CPU too: only 4 asked must be 4 seen
            checks.add(new Check(reader, "paging", pagingLevels == 5 || levels == 4, levels + "-level"));
        } catch (IOException | FormatException | DumpException | RuntimeException e) {
            checks.add(new Check(reader, "open", false, dump.getFileName() + ": " + e.getMessage()));
            return;
        }
        try {
            String log = new String(LogText.format(DmesgDumper.read(dump)), StandardCharsets.UTF_8);
            checks.add(new Check(reader, "marker in dmesg", log.contains(marker), marker));
            checks.add(new Check(reader, "panic in dmesg", log.lines().anyMatch(PanicTest::panicLine),
                    log.lines().filter(PanicTest::panicLine).findFirst().orElse("no sysrq-c or /init panic line").strip()));
        } catch (IOException | FormatException | DumpException | RuntimeException e) {
            checks.add(new Check(reader, "dmesg", false, e.getMessage()));
        }
    }

    private static void drgn(DrgnCheck drgn, Path dump, String release, String marker, List<Check> checks,
            List<String> notVerified) {
        Path vmlinux = debugVmlinux(release);
        Map<String, String> seen;
        try {
            seen = drgn.inspect(dump, vmlinux, marker);
        } catch (QemuRunException e) {
            checks.add(new Check("drgn", "open", false, e.getMessage()));
            return;
        }
        checks.add(new Check("drgn", "release", release.equals(seen.get("release")), String.valueOf(seen.get("release"))));
        if (seen.containsKey("debug_info_error")) {
            notVerified.add("drgn: log and tasks (no debug info for " + release + ": " + seen.get("debug_info_error") + ")");
            return;
        }
        checks.add(new Check("drgn", "marker in log", "True".equals(seen.get("marker_in_log")), marker));
        checks.add(new Check("drgn", "panic in log", "True".equals(seen.get("sysrq_in_log")), "sysrq"));
        checks.add(new Check("drgn", "tasks", !"0".equals(seen.getOrDefault("tasks", "0")), seen.getOrDefault("tasks", "0")));
    }

    /** Where Debian's -dbg packages put the debug vmlinux; null when none is installed (drgn then searches itself). */
    static Path debugVmlinux(String release) {
        for (String p : List.of("/usr/lib/debug/boot/vmlinux-" + release, "/usr/lib/debug/lib/modules/" + release + "/vmlinux",
                "/lib/modules/" + release + "/build/vmlinux")) {
            if (Files.isRegularFile(Path.of(p))) {
                return Path.of(p);
            }
        }
        return null;
    }
}
