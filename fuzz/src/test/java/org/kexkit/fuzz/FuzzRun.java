package org.kexkit.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fuzzes each target for a budget in a JVM of its own (the Jazzer driver fuzzes one target per
 * JVM): libFuzzer with -max_total_time and -runs, -timeout=60 (only a hang: {@link Bounds} holds each
 * input to 1 s of CPU, which a loaded machine does not stretch, while libFuzzer's timeout is wall-clock
 * time, which a collection on a machine at load 17 once stretched past 10 s), the committed
 * inputs as seeds, a corpus kept under the output directory between runs, and anything it finds
 * saved there as a file to commit as a regression input. Used by ShortFuzzRunTest (a few seconds
 * a target in every build) and scripts/fuzz (the long mode).
 *
 * <p>Arguments: {@code SECONDS RUNS OUTPUT_DIR [TARGET...]} (targets as Class#method; all when none).
 * Exit status 1 when any target found something.
 */
public final class FuzzRun {
    /** Every fuzz target: the test class and its @FuzzTest method. */
    static final List<String> TARGETS = List.of(
            "ElfVmcoreFuzzTest#elfVmcore", "KdumpFuzzTest#kdump", "KdumpSplitFuzzTest#splitParts",
            "FlattenedFuzzTest#flattened", "VmcoreInfoFuzzTest#vmcoreInfo", "BtfFuzzTest#btf",
            "FdtFuzzTest#fdt", "KhoBlobFuzzTest#khoBlob", "KhoPreservedMemoryFuzzTest#preservedMemory",
            "BzImageFuzzTest#bzImage", "IomemFuzzTest#iomem", "SystemTextFuzzTest#systemText",
            "PfnInfoBlockFuzzTest#pfnInfoBlock", "PageTableWalkFuzzTest#pageTableWalk",
            "MemoryImageFuzzTest#memoryImage", "ElfLinkageFuzzTest#elfLinkage");

    private static final Pattern DONE = Pattern.compile("Done (\\d+) runs in (\\d+) second");

    /** One target's outcome. */
    record Result(String target, long inputs, long seconds, boolean found, Path log) {
        String line() {
            return String.format(Locale.ROOT, "%-44s %10d inputs %6d s  %s", target, inputs, seconds,
                    found ? "FOUND (see " + log + ")" : "ok");
        }
    }

    private FuzzRun() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        long seconds = Long.parseLong(args[0]);
        long runs = Long.parseLong(args[1]);
        Path out = Path.of(args[2]);
        List<String> targets = args.length > 3 ? List.of(args).subList(3, args.length) : TARGETS;
        boolean found = false;
        for (String target : targets) {
            Result r = run(target, seconds, runs, out);
            System.out.println(r.line());
            found |= r.found();
        }
        System.exit(found ? 1 : 0);
    }

    /** Fuzzes {@code target} (Class#method) for at most {@code seconds} and {@code runs} inputs. */
    static Result run(String target, long seconds, long runs, Path out) throws IOException, InterruptedException {
        String[] parts = target.split("#", 2);
        if (!TARGETS.contains(target)) {
            throw new IllegalArgumentException("no fuzz target " + target);
        }
        Path dir = Files.createDirectories(out.resolve(parts[0] + "." + parts[1]));
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        Path findings = Files.createDirectories(dir.resolve("findings"));
        Path log = dir.resolve("log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-XX:+UseSerialGC",
                "-Dkexkit.fuzz.stats=" + dir.resolve("stats"),
                "-cp", System.getProperty("java.class.path"),
                "com.code_intelligence.jazzer.Jazzer",
                "--target_class=org.kexkit.fuzz." + parts[0], "--target_method=" + parts[1],
                "--instrumentation_includes=org.kexkit.**",
                "--reproducer_path=" + findings,
                "-max_total_time=" + seconds, "-runs=" + runs, "-timeout=60", "-rss_limit_mb=3072",
                "-artifact_prefix=" + findings + "/",
                corpus.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = builder.start();
        int status = p.waitFor();
        String text = Files.readString(log, StandardCharsets.ISO_8859_1);
        Matcher m = DONE.matcher(text);
        long inputs = 0;
        long took = 0;
        while (m.find()) {
            inputs = Long.parseLong(m.group(1));
            took = Long.parseLong(m.group(2));
        }
        return new Result(target, inputs, took, status != 0, log);
    }
}
