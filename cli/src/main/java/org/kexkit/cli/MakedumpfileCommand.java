package org.kexkit.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.kexkit.bin.PhysRange;
import org.kexkit.dump.codec.LzoCodec;
import org.kexkit.dump.codec.PageCodec;
import org.kexkit.dump.codec.SnappyCodec;
import org.kexkit.dump.codec.ZlibCodec;
import org.kexkit.dump.codec.ZstdCodec;
import org.kexkit.dump.filter.DumpLevelList;
import org.kexkit.dump.filter.PageClassification;
import org.kexkit.dump.flattened.FlattenedReassembler;
import org.kexkit.dump.kdump.KdumpReassembler;
import org.kexkit.dump.printk.DmesgDumper;
import org.kexkit.dump.usage.MemoryUsage;
import org.kexkit.dump.usage.MemoryUsageReader;
import org.kexkit.dump.write.DumpStatistics;
import org.kexkit.kexec.system.CrashSystemReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "makedumpfile", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Write a vmcore as a kdump-compressed or ELF file, extract its kernel log, or count its pages by "
            + "class (makedumpfile's options and output).",
            "  kexkit makedumpfile [-c|-l|-p|-z] [-d LEVEL] VMCORE DUMPFILE",
            "  kexkit makedumpfile -E [-d LEVEL] VMCORE DUMPFILE",
            "  kexkit makedumpfile -F [-E|-c|-l|-p|-z] [-d LEVEL] VMCORE > FLATTENED",
            "  kexkit makedumpfile -R DUMPFILE < FLATTENED",
            "  kexkit makedumpfile --split [-c|-l|-p|-z] [-d LEVEL] VMCORE DUMPFILE1 DUMPFILE2 [DUMPFILE3...]",
            "  kexkit makedumpfile --reassemble DUMPFILE1 DUMPFILE2 [DUMPFILE3...] DUMPFILE",
            "  kexkit makedumpfile --dump-dmesg VMCORE LOGFILE",
            "  kexkit makedumpfile --mem-usage /proc/kcore",
            "VMCORE is an ELF vmcore (/proc/vmcore) or a kdump-compressed file to filter again.",
            "DUMPFILE is written as .DUMPFILE.kexkit-partial (mode 0600), synced and renamed when complete;",
            "a dump cut short (full disk, I/O error, interrupt) keeps that name and is marked incomplete",
            "(kdump: status DUMP_DH_COMPRESSED_INCOMPLETE; ELF: e_flags DUMP_ELF_INCOMPLETE)."})
final class MakedumpfileCommand implements Callable<Integer> {
    /** makedumpfile's message levels (ML_PRINT_*): progress, common messages and the report. */
    static final int ML_PRINT_PROGRESS = 0x1;
    static final int ML_PRINT_COMMON_MSG = 0x2;
    static final int ML_PRINT_REPORT = 0x10;
    static final int DEFAULT_MESSAGE_LEVEL = 7;

    private final CliEnvironment environment;

    @Spec
    CommandSpec spec;

    @Option(names = "-c", description = "Compress pages with zlib.")
    boolean zlib;

    @Option(names = "-l", description = "Compress pages with LZO (LZO1X-1).")
    boolean lzo;

    @Option(names = "-p", description = "Compress pages with snappy.")
    boolean snappy;

    @Option(names = "-z", description = "Compress pages with zstd.")
    boolean zstd;

    @Option(names = "-d", paramLabel = "LEVEL[,LEVEL...]", description = {"Dump level 0-31: 1 zero pages (shared), 2 "
            + "non-private cache, 4 all cache, 8 user data, 16 free pages, classified from VMCOREINFO (no vmlinux "
            + "needed). A comma list (-d 11,31) names levels to retry with, in order, when the disk fills up.",
        "A kdump-compressed VMCORE keeps what it left out: its own level is ORed in."})
    String dumpLevel = "0";

    @Option(names = "-E", description = "Write an ELF vmcore (uncompressed) instead of the kdump-compressed format; "
            + "runs of fewer than 256 excluded pages stay in it as data, as in makedumpfile.")
    boolean elf;

    @Option(names = "-F", description = "Write the flattened format to stdout (with -E: of the ELF file).")
    boolean flatten;

    @Option(names = "-R", description = "Read a flattened stream on stdin and write DUMPFILE.")
    boolean reassemble;

    @Option(names = "--split", description = "Write the dump as several parts, DUMPFILE1 DUMPFILE2 ..., each a "
            + "kdump-compressed file holding the pages of one range of pfns, cut so each holds about as many pages "
            + "(makedumpfile's split dumps; e.g. for several disks). Each part reads alone; --reassemble joins them.")
    boolean split;

    @Option(names = "--splitblock-size", paramLabel = "KIB", description = "With --split: cut the parts on blocks of "
            + "this many KiB (default 1048576, 1 GiB; a multiple of the page size). Smaller blocks give parts of closer sizes.")
    long splitBlockKiB = 1L << 20;

    @Option(names = "--reassemble", description = "Join the parts of a split dump, DUMPFILE1 DUMPFILE2 ... (in any "
            + "order), into the one DUMPFILE a dump without --split would have been; pages are copied, not recompressed.")
    boolean reassembleSplit;

    @Option(names = "--dump-dmesg", description = "Write the kernel log (printk buffer) of VMCORE to LOGFILE as text "
            + "instead of a dump, found through VMCOREINFO alone (no vmlinux).")
    boolean dumpDmesg;

    @Option(names = "--mem-usage", description = "Print how many pages of each class VMCORE holds (makedumpfile's table); "
            + "VMCORE is usually /proc/kcore of the running kernel (Linux 4.19+), less its crash kernel reservation, "
            + "which no vmcore holds.")
    boolean memUsage;

    @Option(names = "--message-level", paramLabel = "N",
            description = "makedumpfile's message level, a sum of: 1 the progress line (on a terminal), 2 common messages, "
                    + "16 the statistics (default 7).")
    int messageLevel = DEFAULT_MESSAGE_LEVEL;

    @Option(names = "--show-stats", description = "Print the statistics block (as --message-level bit 16).")
    boolean showStats;

    @Option(names = "--json", description = "Print the statistics (or the --mem-usage table) as JSON instead of text.")
    boolean json;

    @Option(names = "--num-threads", paramLabel = "N",
            description = "Compression threads (default: the number of processors).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = {"-f", "--force"}, description = "Replace DUMPFILE (or LOGFILE) if it exists.")
    boolean force;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "VMCORE and DUMPFILE (-F: VMCORE; -R: DUMPFILE; "
            + "--dump-dmesg: VMCORE and LOGFILE; --mem-usage: VMCORE; --split: VMCORE and the parts; --reassemble: "
            + "the parts and DUMPFILE).")
    List<Path> files = new ArrayList<>();

    MakedumpfileCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (reassemble) {
            requireFiles(1, "-R takes DUMPFILE only (the flattened stream comes on stdin)");
            FlattenedReassembler.toFile(environment.stdin().get(), "stdin", files.get(0), force);
            if ((messageLevel & ML_PRINT_COMMON_MSG) != 0) {
                out.println("The dumpfile is saved to " + files.get(0) + ".");
            }
            return 0;
        }
        if (reassembleSplit) {
            return reassembleSplit(out);
        }
        if (dumpDmesg && memUsage) {
            throw new ParameterException(spec.commandLine(), "choose one of --dump-dmesg and --mem-usage");
        }
        if (dumpDmesg) {
            return dumpDmesg(out);
        }
        if (memUsage) {
            return memUsage(out);
        }
        Optional<PageCodec> codec = codec();
        DumpLevelList levels = dumpLevels();
        if (codec.isPresent() && (codec.get() instanceof ZstdCodec || codec.get() instanceof LzoCodec)) {
            // binding libzstd or liblzo2 takes ~0.1 s: do it while the pages are classified
            Thread warm = new Thread(codec.get() instanceof ZstdCodec ? ZstdCodec::isNative : LzoCodec::isNative,
                    "kexkit-codec-load");
            warm.setDaemon(true);
            warm.start();
        }
        // In -F mode stdout carries the dump, so every message goes to stderr.
        PrintWriter messages = flatten ? spec.commandLine().getErr() : out;
        if (split) {
            checkSplit();
        } else {
            requireFiles(flatten ? 1 : 2, flatten ? "-F takes VMCORE only (the flattened dump goes to stdout)"
                    : "expected VMCORE and DUMPFILE");
        }
        if (!split && spec.commandLine().getParseResult().hasMatchedOption("--splitblock-size")) {
            throw new ParameterException(spec.commandLine(), "--splitblock-size needs --split");
        }
        MakedumpfileRun.Settings settings = new MakedumpfileRun.Settings(codec, threads, splitBlockKiB << 10, elf, flatten, force,
                (messageLevel & ML_PRINT_COMMON_MSG) != 0,
                (messageLevel & ML_PRINT_PROGRESS) != 0 && !json && ProgressLine.stderrIsTerminal());
        MakedumpfileRun run = new MakedumpfileRun(settings, messages, spec.commandLine().getErr(), environment.stdout());
        Optional<MakedumpfileRun.Outcome> outcome = split ? run.runSplit(files.get(0), files.subList(1, files.size()), levels)
                : run.run(files.get(0), flatten ? null : files.get(1), levels);
        if (outcome.isEmpty()) {
            return ErrorReporter.EXIT_FAILURE;
        }
        // a missing libzstd/liblzo2 changes the output: say so, with the reason
        codec.flatMap(PageCodec::fallback).ifPresent(why -> spec.commandLine().getErr().println("kexkit: warning: " + why));
        DumpStatistics stats = outcome.get().statistics();
        Optional<PageClassification> classes = outcome.get().classes();
        if (json) {
            java.util.Map<String, Object> report = DumpStatisticsReport.json(stats, outcome.get().elfExcludedPages());
            classes.ifPresent(c -> report.put("uncertain_pages", c.uncertainPages()));
            messages.println(Json.write(report));
        } else {
            if (showStats || (messageLevel & ML_PRINT_REPORT) != 0) {
                messages.print(DumpStatisticsReport.text(stats, outcome.get().elfExcludedPages()));
                if (classes.isPresent()) {
                    messages.printf("Uncertain pages (kept): 0x%016x%n", classes.get().uncertainPages());
                }
            }
            if ((messageLevel & ML_PRINT_COMMON_MSG) != 0) {
                if (split) {
                    for (Path part : files.subList(1, files.size())) {
                        messages.println("The dumpfile is saved to " + part + ".");
                    }
                } else if (!flatten) {
                    messages.println("The dumpfile is saved to " + files.get(1) + ".");
                }
                if (stats.unreadablePages() > 0) {
                    messages.println(stats.unreadablePages() + " pages could not be read from the vmcore and were skipped.");
                }
                messages.println();
                messages.println("makedumpfile Completed.");
            }
        }
        messages.flush();
        return 0;
    }

    private Optional<PageCodec> codec() {
        List<PageCodec> chosen = new ArrayList<>();
        if (zlib) {
            chosen.add(new ZlibCodec());
        }
        if (lzo) {
            chosen.add(new LzoCodec());
        }
        if (snappy) {
            chosen.add(new SnappyCodec());
        }
        if (zstd) {
            chosen.add(new ZstdCodec());
        }
        if (chosen.size() > 1) {
            throw new ParameterException(spec.commandLine(), "choose one of -c, -l, -p and -z");
        }
        if (threads < 1) {
            throw new ParameterException(spec.commandLine(), "--num-threads must be at least 1, found " + threads);
        }
        if (elf && !chosen.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "-E writes pages uncompressed: it cannot be combined with "
                    + "-c, -l, -p or -z");
        }
        if (elf && spec.commandLine().getParseResult().hasMatchedOption("--num-threads")) {
            throw new ParameterException(spec.commandLine(), "--num-threads cannot be used with ELF format (-E)");
        }
        return chosen.isEmpty() ? Optional.empty() : Optional.of(chosen.get(0));
    }

    private DumpLevelList dumpLevels() {
        try {
            return DumpLevelList.parse(dumpLevel);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private void checkSplit() {
        if (flatten || elf || reassemble || dumpDmesg || memUsage) {
            throw new ParameterException(spec.commandLine(), "--split cannot be used with -F, -E, -R, --dump-dmesg or "
                    + "--mem-usage");
        }
        if (files.size() < 3) {
            throw new ParameterException(spec.commandLine(), "--split takes VMCORE and at least two DUMPFILEs");
        }
        if (splitBlockKiB <= 0 || splitBlockKiB > (Long.MAX_VALUE >> 10) || splitBlockKiB % 4 != 0) {
            throw new ParameterException(spec.commandLine(), "--splitblock-size must be a positive multiple of the page "
                    + "size (4 KiB), found " + splitBlockKiB);
        }
        if (new java.util.HashSet<>(files).size() != files.size()) {
            throw new ParameterException(spec.commandLine(), "--split: VMCORE and every DUMPFILE must be different files");
        }
    }

    /** makedumpfile --reassemble DUMPFILE1 DUMPFILE2 [...] DUMPFILE. */
    private int reassembleSplit(PrintWriter out) throws Exception {
        if (flatten || elf || reassemble || split || dumpDmesg || memUsage || zlib || lzo || snappy || zstd
                || spec.commandLine().getParseResult().hasMatchedOption("-d")) {
            throw new ParameterException(spec.commandLine(), "--reassemble takes only the parts and DUMPFILE (the "
                    + "parts keep their compression and dump level)");
        }
        if (files.size() < 3) {
            throw new ParameterException(spec.commandLine(), "--reassemble takes at least two parts and DUMPFILE");
        }
        Path target = files.get(files.size() - 1);
        KdumpReassembler.toFile(files.subList(0, files.size() - 1), target, force);
        if ((messageLevel & ML_PRINT_COMMON_MSG) != 0) {
            out.println();
            out.println("The dumpfile is saved to " + target + ".");
            out.println();
            out.println("makedumpfile Completed.");
        }
        out.flush();
        return 0;
    }

    /** makedumpfile --dump-dmesg VMCORE LOGFILE. */
    private int dumpDmesg(PrintWriter out) throws Exception {
        if (flatten || reassemble) {
            throw new ParameterException(spec.commandLine(), "--dump-dmesg cannot be used with -F or -R");
        }
        requireFiles(2, "--dump-dmesg takes VMCORE and LOGFILE");
        DmesgDumper.dump(files.get(0), files.get(1), force);
        if ((messageLevel & ML_PRINT_COMMON_MSG) != 0) {
            out.println();
            out.println("The dmesg log is saved to " + files.get(1) + ".");
            out.println();
            out.println("makedumpfile Completed.");
        }
        out.flush();
        return 0;
    }

    /** makedumpfile --mem-usage VMCORE. */
    private int memUsage(PrintWriter out) throws Exception {
        if (flatten || reassemble) {
            throw new ParameterException(spec.commandLine(), "--mem-usage cannot be used with -F or -R");
        }
        requireFiles(1, "--mem-usage takes one file, usually /proc/kcore");
        MemoryUsage usage = MemoryUsageReader.read(files.get(0), crashReservation(files.get(0)));
        for (String warning : usage.warnings()) {
            spec.commandLine().getErr().println("kexkit: " + warning);
        }
        if (json) {
            out.println(Json.write(MemoryUsageReport.json(usage)));
        } else {
            out.print(MemoryUsageReport.text(usage));
            out.println();
        }
        out.flush();
        return 0;
    }

    /** On the running system's /proc/kcore, the "Crash kernel" ranges of /proc/iomem: no vmcore holds them. */
    private List<PhysRange> crashReservation(Path core) throws Exception {
        Path kcore = environment.root().resolve("proc/kcore");
        if (!Files.exists(kcore) || !Files.isSameFile(core, kcore)) {
            return List.of();
        }
        return new CrashSystemReader(environment.root()).iomem().crashKernel();
    }

    private void requireFiles(int count, String message) {
        if (files.size() != count) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }
}
