package org.kexkit.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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
import org.kexkit.dump.filter.DumpLevel;
import org.kexkit.dump.filter.DumpLevelList;
import org.kexkit.dump.filter.PageClassification;
import org.kexkit.dump.flattened.FlattenedReassembler;
import org.kexkit.dump.pmem.PmemDumpInput;
import org.kexkit.dump.printk.DmesgDumper;
import org.kexkit.dump.source.VmcoreSource;
import org.kexkit.dump.usage.MemoryUsage;
import org.kexkit.dump.usage.MemoryUsageReader;
import org.kexkit.dump.write.DumpStatistics;
import org.kexkit.kexec.system.CrashSystemReader;
import org.kexkit.pmem.PmemLayoutText;
import org.kexkit.pmem.PmemSystem;
import org.kexkit.pmem.system.PmemSystemReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "makedumpfile", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        customSynopsis = {"kexkit makedumpfile [-c|-l|-p|-z] [-d LEVEL] VMCORE DUMPFILE",
            "       kexkit makedumpfile -E [-d LEVEL] VMCORE DUMPFILE",
            "       kexkit makedumpfile -F [-E|-c|-l|-p|-z] [-d LEVEL] VMCORE > FLATTENED",
            "       kexkit makedumpfile -R DUMPFILE < FLATTENED",
            "       kexkit makedumpfile --dump-dmesg VMCORE LOGFILE",
            "       kexkit makedumpfile --mem-usage /proc/kcore"},
        description = {"Write a vmcore as a kdump-compressed or ELF file, extract its kernel log, or count its pages by "
            + "class (makedumpfile's options and output).",
            "VMCORE is an ELF vmcore (/proc/vmcore) or a kdump-compressed file to filter again.",
            "Pmem: user data is never dumped, metadata is kept (see --pmem-metadata and --pmem-layout).",
            "DUMPFILE is written as .DUMPFILE.kexkit-partial (mode 0600), synced and renamed when complete; a dump cut"
                + " short (full disk, I/O error, interrupt) keeps that name and is marked incomplete (kdump: status"
                + " DUMP_DH_COMPRESSED_INCOMPLETE; ELF: e_flags DUMP_ELF_INCOMPLETE)."})
final class MakedumpfileCommand implements Callable<Integer>, UsesEnvironment {
    /** makedumpfile's message levels (ML_PRINT_*): progress, common messages and the report. */
    static final int ML_PRINT_PROGRESS = 0x1;
    static final int ML_PRINT_COMMON_MSG = 0x2;
    static final int ML_PRINT_REPORT = 0x10;
    static final int DEFAULT_MESSAGE_LEVEL = 7;

    private CliEnvironment environment;

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

    @Option(names = "-d", paramLabel = "LEVEL[,LEVEL...]", description = {"Dump level 0-63: 1 zero pages (shared), 2 "
            + "non-private cache, 4 all cache, 8 user data, 16 free pages, classified from VMCOREINFO (no vmlinux "
            + "needed); 32 pmem metadata (the pmem RFCs' bit). A comma list (-d 11,31) names levels to retry with, in order, when the disk fills up.",
        "A kdump-compressed VMCORE keeps what it left out: its own level is ORed in."})
    String dumpLevel = "0";

    @Option(names = "--pmem-metadata", paramLabel = "keep|drop", description = {"Keep (default) or drop the pmem metadata"
            + " (labels, info block and, with --map=dev, the memmap on the device); drop is dump level bit 32 (-d 63)."
            + " Pmem user data is never dumped."})
    String pmemMetadata = "keep";

    @Option(names = "--pmem-layout", paramLabel = "FILE", description = {"The pmem layout recorded when the capture kernel"
            + " was loaded (kexkit pmem list --layout), for a vmcore without kexkit's pmem note (kexec_file_load). Without"
            + " it, a capture kernel's own /sys/bus/nd is used when VMCORE is its /proc/vmcore."})
    Path pmemLayoutFile;

    @Option(names = "-E", description = "Write an ELF vmcore (uncompressed) instead of the kdump-compressed format; "
            + "runs of fewer than 256 excluded pages stay in it as data, as in makedumpfile.")
    boolean elf;

    @Option(names = "-F", description = "Write the flattened format to stdout (with -E: of the ELF file).")
    boolean flatten;

    @Option(names = "-R", description = "Read a flattened stream on stdin and write DUMPFILE.")
    boolean reassemble;

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

    @Parameters(paramLabel = "FILE", arity = "1..2", description = "VMCORE and DUMPFILE (-F: VMCORE; -R: DUMPFILE; "
            + "--dump-dmesg: VMCORE and LOGFILE; --mem-usage: VMCORE).")
    List<Path> files = new ArrayList<>();

    @Override
    public void use(CliEnvironment environment) {
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
        requireFiles(flatten ? 1 : 2, flatten ? "-F takes VMCORE only (the flattened dump goes to stdout)"
                : "expected VMCORE and DUMPFILE");
        MakedumpfileRun.Settings settings = new MakedumpfileRun.Settings(codec, threads, elf, flatten, force,
                (messageLevel & ML_PRINT_COMMON_MSG) != 0,
                (messageLevel & ML_PRINT_PROGRESS) != 0 && !json && ProgressLine.stderrIsTerminal());
        Optional<MakedumpfileRun.Outcome> outcome;
        try (PmemSystemReader capture = new PmemSystemReader(environment.root())) {
            outcome = new MakedumpfileRun(settings, messages, spec.commandLine().getErr(), environment.stdout(),
                    (source, path) -> pmemInput(source, path, capture)).run(files.get(0), flatten ? null : files.get(1), levels);
        }
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
            outcome.get().pmem().ifPresent(p -> report.put("pmem", PmemDumpReport.json(p)));
            messages.println(Json.write(report));
        } else {
            if (showStats || (messageLevel & ML_PRINT_REPORT) != 0) {
                messages.print(DumpStatisticsReport.text(stats, outcome.get().elfExcludedPages()));
                if (classes.isPresent()) {
                    messages.printf("Uncertain pages (kept): 0x%016x%n", classes.get().uncertainPages());
                }
                outcome.get().pmem().ifPresent(p -> messages.print(PmemDumpReport.text(p)));
            }
            if ((messageLevel & ML_PRINT_COMMON_MSG) != 0) {
                if (!flatten) {
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
        DumpLevelList levels;
        try {
            levels = DumpLevelList.parse(dumpLevel);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return switch (pmemMetadata) {
            case "keep" -> levels;
            case "drop" -> new DumpLevelList(levels.levels().stream()
                    .map(l -> new DumpLevel(l.value() | DumpLevel.PMEM_METADATA)).toList());
            default -> throw new ParameterException(spec.commandLine(), "--pmem-metadata takes keep or drop, found '"
                    + pmemMetadata + "'");
        };
    }

    /**
     * The pmem side of the dump: the layout in the vmcore's note, else the one recorded at load time
     * (--pmem-layout), else, when VMCORE is this kernel's /proc/vmcore (a capture kernel), this
     * kernel's own /sys/bus/nd and namespace devices, whose raw devices also give the metadata.
     */
    private PmemDumpInput pmemInput(VmcoreSource source, Path vmcore, PmemSystemReader capture) throws Exception {
        Optional<PmemDumpInput.Recorded> recorded = Optional.empty();
        if (pmemLayoutFile != null) {
            recorded = Optional.of(new PmemDumpInput.Recorded(PmemLayoutText.read(
                    Files.readString(pmemLayoutFile, StandardCharsets.ISO_8859_1), pmemLayoutFile.toString()),
                    pmemLayoutFile.toString()));
        }
        Optional<PmemSystem> here = Optional.empty();
        Path own = environment.root().resolve("proc/vmcore");
        if (Files.exists(own) && Files.isSameFile(vmcore, own)) {
            var iomem = new CrashSystemReader(environment.root()).iomem().pmemResources();
            if (!iomem.isEmpty()) {
                here = Optional.of(capture.system(iomem));
            }
        }
        return PmemDumpInput.resolve(source, recorded, here);
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
