package org.kexkit.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Fuzzes each target for a budget in a JVM of its own (the Jazzer driver fuzzes one target per
 * JVM): libFuzzer with -max_total_time and -runs, -timeout=60 (only a hang: {@link Bounds} holds each
 * input to 1 s of CPU, which a loaded machine does not stretch, while libFuzzer's timeout is wall-clock
 * time, which a collection on a machine at load 17 once stretched past 10 s), the committed
 * inputs as seeds, a corpus kept under the output directory between runs, and anything it finds
 * saved there as a file to commit as a regression input. Used by ShortFuzzRunTest (a few seconds
 * a target in every build) and scripts/fuzz (the long mode).
 *
 * <p>A finding is replayed in a JVM without the fuzzer's instrumentation ({@code --hooks=false}) before
 * it counts: the instrumentation's string-comparison hooks allocate on the calling thread, which is
 * the thread {@link Bounds} counts, so under fuzzing an input of many short lines once measured 1.4 MB
 * where the parser alone allocates 30 KB. A finding the replay confirms stops the target (the input
 * stays in {@code findings/}); one it does not is moved to {@code findings/unconfirmed/} and the
 * fuzzing goes on in a new JVM with what is left of the budget and the corpus kept so far. The same
 * unconfirmed input twice also stops the target (it would come back on every restart), and one found in the
 * corpus is moved out of it.
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

    /** libFuzzer's count of inputs run, printed at the end of a run and after a finding (-print_final_stats). */
    private static final Pattern EXECUTED = Pattern.compile("stat::number_of_executed_units: *(\\d+)");
    /**
     * The files libFuzzer saves a finding's input in (-artifact_prefix), by kind; not its slow-unit-
     * files, inputs over 10 s of wall-clock time that it notes and fuzzes on past.
     */
    private static final Pattern ARTIFACT = Pattern.compile("(crash|timeout|oom|leak)-[0-9a-f]+");

    /**
     * One target's outcome.
     *
     * @param unconfirmed findings under the fuzzer's instrumentation that its replay without it did not confirm
     */
    record Result(String target, long inputs, long seconds, int unconfirmed, boolean found, Path log) {
        String line() {
            return String.format(Locale.ROOT, "%-44s %10d inputs %6d s  %s%s", target, inputs, seconds,
                    found ? "FOUND (see " + log + ")" : "ok",
                    unconfirmed > 0 ? " (" + unconfirmed + " unconfirmed by replay, see " + log + ")" : "");
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
        Files.deleteIfExists(log);
        long start = System.nanoTime();
        long deadline = start + seconds * 1_000_000_000L;
        long inputs = 0;
        int unconfirmed = 0;
        Set<String> seen = new HashSet<>();
        boolean found = false;
        do {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000_000L);
            Set<Path> before = artifacts(findings);
            long logStart = Files.exists(log) ? Files.size(log) : 0;
            List<String> command = jazzer(parts, dir, findings, List.of("-Dkexkit.fuzz.stats=" + dir.resolve("stats")),
                    List.of("-max_total_time=" + left, "-runs=" + (runs - inputs), corpus.toString()));
            int status = start(command, log).waitFor();
            inputs += executed(log, logStart);
            if (status == 0) {
                break;
            }
            Set<Path> fresh = artifacts(findings);
            fresh.removeAll(before);
            found = fresh.isEmpty(); // stopped without saving an input: nothing to replay
            for (Path input : fresh) {
                String name = input.getFileName().toString();
                if (!seen.add(name) || !replayPasses(parts, dir, input, log)) {
                    found = true;
                    continue;
                }
                Path aside = Files.createDirectories(findings.resolve("unconfirmed"));
                Files.move(input, aside.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                Path reproducer = findings.resolve("Crash_" + name.substring(name.indexOf('-') + 1) + ".java");
                if (Files.exists(reproducer)) {
                    Files.move(reproducer, aside.resolve(reproducer.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
                // libFuzzer names corpus files and artifacts by the input's SHA-1: an input kept in the corpus
                // by an earlier JVM (allocation differs a little between interpreted and compiled code) goes too
                Path kept = corpus.resolve(name.substring(name.indexOf('-') + 1));
                if (Files.exists(kept)) {
                    Files.move(kept, aside.resolve("corpus-" + kept.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
                unconfirmed++;
                note(log, "FuzzRun: " + name + " is over a bound only under the fuzzer's instrumentation (its replay"
                        + " without it passes): moved to " + aside + "; fuzzing goes on");
            }
        } while (!found && inputs < runs && System.nanoTime() < deadline - 1_000_000_000L);
        long took = (System.nanoTime() - start) / 1_000_000_000L;
        return new Result(target, inputs, took, unconfirmed, found, log);
    }

    /**
     * Runs {@code input} once through the target in a JVM without the fuzzer's instrumentation and
     * hooks: true when it keeps the promise there.
     */
    private static boolean replayPasses(String[] parts, Path dir, Path input, Path log)
            throws IOException, InterruptedException {
        Path scratch = Files.createDirectories(dir.resolve("replay"));
        note(log, "FuzzRun: replaying " + input + " without the fuzzer's instrumentation");
        List<String> command = jazzer(parts, dir, scratch, List.of(), List.of(input.toString()));
        command.add(command.indexOf("--instrumentation_includes=org.kexkit.**"), "--hooks=false");
        int status = start(command, log).waitFor();
        note(log, "FuzzRun: replay " + (status == 0 ? "passed" : "failed, exit status " + status));
        return status == 0;
    }

    private static List<String> jazzer(String[] parts, Path dir, Path findings, List<String> jvmOptions,
            List<String> libFuzzerArgs) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                "com.code_intelligence.jazzer.Jazzer",
                "--target_class=org.kexkit.fuzz." + parts[0], "--target_method=" + parts[1],
                "--instrumentation_includes=org.kexkit.**",
                "--reproducer_path=" + findings,
                "-timeout=60", "-rss_limit_mb=3072", "-print_final_stats=1",
                "-artifact_prefix=" + findings + "/"));
        command.addAll(libFuzzerArgs);
        return command;
    }

    private static Process start(List<String> command, Path log) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** The inputs a run counted, from what it appended to the log after {@code from}. */
    private static long executed(Path log, long from) throws IOException {
        String text = Files.readString(log, StandardCharsets.ISO_8859_1);
        Matcher m = EXECUTED.matcher(text.substring((int) Math.min(from, text.length())));
        long inputs = 0;
        while (m.find()) {
            inputs = Long.parseLong(m.group(1)); // printed once more at exit after a finding: the same count
        }
        return inputs;
    }

    private static Set<Path> artifacts(Path findings) throws IOException {
        try (Stream<Path> files = Files.list(findings)) {
            return new HashSet<>(files.filter(f -> ARTIFACT.matcher(f.getFileName().toString()).matches()).toList());
        }
    }

    private static void note(Path log, String line) throws IOException {
        Files.writeString(log, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
