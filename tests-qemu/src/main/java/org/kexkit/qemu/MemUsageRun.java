package org.kexkit.qemu;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kexkit.qemu.run.SerialLog;

/**
 * `kexkit makedumpfile --mem-usage /proc/kcore` in a running guest (scenario-mem-usage.sh), with
 * the kernel's own numbers read beside it and, optionally, Debian sid's makedumpfile 1.7.8 run on
 * the same /proc/kcore. sid's binary comes with its own loader and libraries from the sid root
 * (under /opt/sid in the guest), so it never mixes with the host libraries the JVM uses.
 */
public final class MemUsageRun {
    /** Everything the guest printed, parsed. */
    public record Report(String kernelLabel, MemUsageTable kexkit, Optional<MemUsageTable> makedumpfile,
            double kexkitSeconds, double makedumpfileSeconds, long ramPages, long crashPages, long textPages,
            long memTotalKiB, long memFreeBeforeKiB, long memFreeMinDuringKiB, long memFreeMaxDuringKiB,
            long memFreeAfterKiB, List<String> kexkitOutput, List<String> makedumpfileOutput) {}

    static final String SID_MAKEDUMPFILE = "/usr/bin/makedumpfile";
    private static final Pattern IOMEM = Pattern.compile("iomem ([0-9a-f]+)-([0-9a-f]+) : (System RAM|Crash kernel)");
    private static final Pattern KALLSYMS = Pattern.compile("kallsyms ([0-9a-f]+) \\S (_text|_end)$");
    private static final Pattern NUMBER = Pattern.compile("(MemFree|MemTotal|memfree-during) (\\d+)");

    private final PanicCapture.Setup setup;
    private final PanicCapture.Options options;

    public MemUsageRun(PanicCapture.Setup setup, PanicCapture.Options options) {
        this.setup = setup;
        this.options = options;
    }

    public Report run(GuestKernel kernel, boolean withMakedumpfile) {
        Map<String, Path> files = withMakedumpfile ? SidPrograms.files(setup.sid(), SID_MAKEDUMPFILE) : Map.of();
        Map<String, String> config = withMakedumpfile ? Map.of("MAKEDUMPFILE", SidPrograms.command("makedumpfile")) : Map.of();
        GuestRun.Result run = new GuestRun(setup, options).boot(kernel, "mem-usage-" + kernel.label(),
                "scenario-mem-usage.sh", config, Map.of(), List.of(), files);
        SerialLog.Line ours = run.needSuccess("KEXKIT-GUEST: kexkit-mem-usage", "kexkit makedumpfile --mem-usage");
        List<String> kexkitOut = prefixed(run, "KEXKIT-GUEST: kexkit| ");
        MemUsageTable kexkit = MemUsageTable.parse(kexkitOut).orElseThrow(() -> run.failure(
                "kexkit's --mem-usage table did not parse: " + kexkitOut));
        Optional<MemUsageTable> theirs = Optional.empty();
        List<String> theirOut = List.of();
        double theirSeconds = Double.NaN;
        if (withMakedumpfile) {
            SerialLog.Line line = run.needSuccess("KEXKIT-GUEST: makedumpfile-mem-usage", "makedumpfile --mem-usage");
            theirOut = prefixed(run, "KEXKIT-GUEST: makedumpfile| ");
            List<String> out = theirOut;
            theirs = Optional.of(MemUsageTable.parse(theirOut).orElseThrow(() -> run.failure(
                    "makedumpfile's --mem-usage table did not parse: " + out)));
            theirSeconds = GuestRun.span(line);
        }
        long ram = 0;
        long crash = 0;
        Map<String, Long> symbols = new HashMap<>();
        List<Long> during = new ArrayList<>();
        Map<String, Long> meminfo = new HashMap<>();
        for (SerialLog.Line l : run.log().lines()) {
            Matcher io = IOMEM.matcher(l.text());
            if (io.find()) {
                long start = Long.parseUnsignedLong(io.group(1), 16);
                long end = Long.parseUnsignedLong(io.group(2), 16) + 1;
                if (io.group(3).equals("System RAM")) {
                    ram += Math.max(0, end / 4096 - (start + 4095) / 4096); // walk_system_ram_range: whole pages
                } else {
                    crash += (end - start) / 4096;
                }
            }
            Matcher sym = KALLSYMS.matcher(l.text());
            if (sym.find()) {
                symbols.put(sym.group(2), Long.parseUnsignedLong(sym.group(1), 16));
            }
            if (l.text().contains("KEXKIT-GUEST: meminfo") || l.text().contains("KEXKIT-GUEST: memfree-during")) {
                Matcher n = NUMBER.matcher(l.text());
                while (n.find()) {
                    if (n.group(1).equals("memfree-during")) {
                        during.add(Long.parseLong(n.group(2)));
                    } else {
                        String where = l.text().replaceFirst(".*KEXKIT-GUEST: (meminfo-[a-z-]+).*", "$1");
                        meminfo.putIfAbsent(where + " " + n.group(1), Long.parseLong(n.group(2)));
                    }
                }
            }
        }
        if (!symbols.containsKey("_text") || !symbols.containsKey("_end") || during.isEmpty()) {
            throw run.failure("the guest did not print _text/_end or any MemFree sample");
        }
        long text = (symbols.get("_end") - symbols.get("_text")) / 4096;
        run.discardImages();
        return new Report(kernel.label(), kexkit, theirs, GuestRun.span(ours), theirSeconds, ram, crash, text,
                meminfo.getOrDefault("meminfo-before MemTotal", -1L), meminfo.getOrDefault("meminfo-before MemFree", -1L),
                during.stream().mapToLong(Long::longValue).min().getAsLong(),
                during.stream().mapToLong(Long::longValue).max().getAsLong(),
                meminfo.getOrDefault("meminfo-after MemFree", -1L), kexkitOut, theirOut);
    }

    private static List<String> prefixed(GuestRun.Result run, String prefix) {
        List<String> out = new ArrayList<>();
        for (SerialLog.Line l : run.log().lines()) {
            int at = l.text().indexOf(prefix);
            if (at >= 0) {
                out.add(l.text().substring(at + prefix.length()));
            }
        }
        return out;
    }
}
