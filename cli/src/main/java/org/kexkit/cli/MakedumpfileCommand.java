package org.kexkit.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.kexkit.bin.PhysRange;
import org.kexkit.dump.codec.LzoCodec;
import org.kexkit.dump.codec.PageCodec;
import org.kexkit.dump.codec.SnappyCodec;
import org.kexkit.dump.codec.ZlibCodec;
import org.kexkit.dump.codec.ZstdCodec;
import org.kexkit.dump.erase.EraseConfigParser;
import org.kexkit.dump.filter.DumpLevel;
import org.kexkit.dump.filter.DumpLevelList;
import org.kexkit.dump.filter.PageClassification;
import org.kexkit.dump.flattened.FlattenedReassembler;
import org.kexkit.dump.kdump.KdumpReassembler;
import org.kexkit.dump.pmem.PmemDumpInput;
import org.kexkit.dump.printk.DmesgDumper;
import org.kexkit.dump.source.VmcoreSource;
import org.kexkit.dump.symbols.SymbolFiles;
import org.kexkit.dump.usage.MemoryUsage;
import org.kexkit.dump.usage.MemoryUsageReader;
import org.kexkit.dump.write.DumpStatistics;
import org.kexkit.dump.extension.ExtensionArgument;
import org.kexkit.dump.extension.ExtensionLoadException;
import org.kexkit.extension.ExtensionApi;
import org.kexkit.kexec.system.CrashSystemReader;
import org.kexkit.pmem.PmemLayoutText;
import org.kexkit.pmem.PmemSystem;
import org.kexkit.pmem.system.PmemSystemReader;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/** {@code kexkit makedumpfile}: makedumpfile's dumps, --dump-dmesg, --mem-usage and -R, with its options. */
final class MakedumpfileCommand extends SystemCommand {
    /** makedumpfile's message levels (ML_PRINT_*): progress, common messages and the report. */
    static final int ML_PRINT_PROGRESS = 0x1;
    static final int ML_PRINT_COMMON_MSG = 0x2;
    static final int ML_PRINT_REPORT = 0x10;
    static final int DEFAULT_MESSAGE_LEVEL = 7;

    private final OptionSpec zlibOption = Models.flag("-c", "Compress pages with zlib.");
    private final OptionSpec lzoOption = Models.flag("-l", "Compress pages with LZO (LZO1X-1).");
    private final OptionSpec snappyOption = Models.flag("-p", "Compress pages with snappy.");
    private final OptionSpec zstdOption = Models.flag("-z", "Compress pages with zstd.");
    private final OptionSpec dumpLevelOption = Models.option("-d", "LEVEL[,LEVEL...]", String.class,
            "Dump level 0-63: 1 zero pages (shared), 2 non-private cache, 4 all cache, 8 user data, 16 free pages,"
                + " classified from VMCOREINFO (no vmlinux needed); 32 pmem metadata (the pmem RFCs' bit). A comma list"
                + " (-d 11,31) names levels to retry with, in order, when the disk fills up.",
            "A kdump-compressed VMCORE keeps what it left out: its own level is ORed in.").initialValue("0").build();
    private final OptionSpec pmemMetadataOption = Models.option("--pmem-metadata", "keep|drop", String.class,
            "Keep (default) or drop the pmem metadata (labels, info block and, with --map=dev, the memmap on the"
                + " device); drop is dump level bit 32 (-d 63). Pmem user data is never dumped.").initialValue("keep")
            .build();
    private final OptionSpec pmemLayoutOption = Models.option("--pmem-layout", "FILE", Path.class,
            "The pmem layout recorded when the capture kernel was loaded (kexkit pmem list --layout), for a vmcore"
                + " without kexkit's pmem note (kexec_file_load). Without it, a capture kernel's own /sys/bus/nd is used"
                + " when VMCORE is its /proc/vmcore.").build();
    private final OptionSpec elfOption = Models.flag("-E", "Write an ELF vmcore (uncompressed) instead of the"
            + " kdump-compressed format; runs of fewer than 256 excluded pages stay in it as data, as in makedumpfile.");
    private final OptionSpec flattenOption = Models.flag("-F",
            "Write the flattened format to stdout (with -E: of the ELF file); a regular file there is made 0600 first.");
    private final OptionSpec reassembleOption = Models.flag("-R", "Read a flattened stream on stdin and write DUMPFILE.");
    private final OptionSpec splitOption = Models.flag("--split", "Write the dump as several parts, DUMPFILE1 DUMPFILE2"
            + " ..., each a kdump-compressed file holding the pages of one range of pfns, cut so each holds about as many"
            + " pages (makedumpfile's split dumps; e.g. for several disks). Each part reads alone; --reassemble joins them.");
    private final OptionSpec splitBlockOption = Models.option("--splitblock-size", "KIB", long.class,
            "With --split: cut the parts on blocks of this many KiB (default 1048576, 1 GiB; a multiple of the page"
                + " size). Smaller blocks give parts of closer sizes.").initialValue(1L << 20).build();
    private final OptionSpec reassembleSplitOption = Models.flag("--reassemble", "Join the parts of a split dump,"
            + " DUMPFILE1 DUMPFILE2 ... (in any order), into the one DUMPFILE a dump without --split would have been;"
            + " pages are copied, not recompressed.");
    private final OptionSpec dumpDmesgOption = Models.flag("--dump-dmesg", "Write the kernel log (printk buffer) of"
            + " VMCORE to LOGFILE as text instead of a dump, found through VMCOREINFO alone (no vmlinux).");
    private final OptionSpec memUsageOption = Models.flag("--mem-usage", "Print how many pages of each class VMCORE"
            + " holds (makedumpfile's table); VMCORE is usually /proc/kcore of the running kernel (Linux 4.19+), less"
            + " its crash kernel reservation, which no vmcore holds.");
    private final OptionSpec messageLevelOption = Models.option("--message-level", "N", int.class,
            "makedumpfile's message level, a sum of: 1 the progress line (on a terminal), 2 common messages, "
                + "16 the statistics (default 7).").initialValue(DEFAULT_MESSAGE_LEVEL).build();
    private final OptionSpec showStatsOption = Models.flag("--show-stats",
            "Print the statistics block (as --message-level bit 16).");
    private final OptionSpec jsonOption = Models.flag("--json",
            "Print the statistics (or the --mem-usage table) as JSON instead of text.");
    private final OptionSpec threadsOption = Models.option("--num-threads", "N", int.class,
            "Compression threads (default: the number of processors).")
            .initialValue(Runtime.getRuntime().availableProcessors()).build();
    private final OptionSpec configOption = Models.option("--config", "FILE", Path.class,
            "Erase data named by the rules in FILE (makedumpfile.conf's grammar: [vmlinux]/[MODULE] sections, erase"
                + " SYM[.member...] [size N[K|M] | size SYM.member | nullify], for ID in ARRAY | STRUCT via NEXT |"
                + " LIST_HEAD within STRUCT:MEMBER ... endfor; a cast such as (struct task_struct)init_task gives a"
                + " symbol BTF has no type for). Erased bytes become 'X' (nullify: zeros) in every written page; the"
                + " dump's eraseinfo records the rules (-E: an ERASEINFO note). Types come from the dump's BTF, symbols from"
                + " its kallsyms (6.0+ VMCOREINFO) or --kallsyms; no vmlinux needed.").build();
    private final OptionSpec kallsymsOption = Models.option("--kallsyms", "FILE", Path.class,
            "With --config or --extension: kernel symbols from a System.map or a /proc/kallsyms snapshot of the dumped kernel (for"
                + " kernels whose VMCOREINFO has no kallsyms entries), matched by _stext and shifted by KERNELOFFSET.")
            .build();
    private final OptionSpec vmlinuxOption = Models.option("-x", "VMLINUX", Path.class,
            "With --config or --extension: the dumped kernel's vmlinux; its symbol table and .BTF are used after the dump's own.")
            .build();
    private final OptionSpec extensionOption = Models.option("--extension", "JAR", List.class,
            "Dump extensions in JAR (repeat the option for more jars; Java, extension API version " + ExtensionApi.VERSION + ", found with"
                + " ServiceLoader, each jar in its own class loader): page votes (keep wins over the dump level, drop"
                + " leaves out a page the level keeps, counted as Extension filter pages), erase ranges and page data"
                + " hooks. An extension whose mandatory symbols or types the dump's kernel lacks is skipped with one"
                + " line. Symbols and types as for --config.").auxiliaryTypes(Path.class).arity("1").build();
    private final OptionSpec extensionArgOption = Models.option("--extension-arg", "NAME.KEY=VALUE", List.class,
            "With --extension: give the extension named NAME its argument KEY (repeat the option for more; an"
                + " extension takes only the keys it declares, e.g. process-page-dropper.comm=sshd).")
            .auxiliaryTypes(String.class).arity("1").build();
    private final OptionSpec forceOption = Models.flag("-f --force", "Replace DUMPFILE (or LOGFILE) if it exists.");
    private final PositionalParamSpec filesParameter = Models.parameter("0..*", "FILE", List.class,
            "VMCORE and DUMPFILE (-F: VMCORE; -R: DUMPFILE; --dump-dmesg: VMCORE and LOGFILE; --mem-usage: VMCORE;"
                + " --split: VMCORE and the parts; --reassemble: the parts and DUMPFILE).")
            .arity("1..*").auxiliaryTypes(Path.class).build();

    // the values of one command line, read from the specs when it runs
    private boolean zlib;
    private boolean lzo;
    private boolean snappy;
    private boolean zstd;
    private String dumpLevel;
    private String pmemMetadata;
    private Path pmemLayoutFile;
    private boolean elf;
    private boolean flatten;
    private boolean reassemble;
    private boolean split;
    private long splitBlockKiB;
    private boolean reassembleSplit;
    private boolean dumpDmesg;
    private boolean memUsage;
    private int messageLevel;
    private boolean showStats;
    private boolean json;
    private int threads;
    private boolean force;
    private Path configFile;
    private Path kallsymsFile;
    private Path vmlinuxFile;
    private List<Path> extensionJars;
    private List<String> extensionArgs;
    private List<Path> files;

    MakedumpfileCommand() {
        super("Write a vmcore as a kdump-compressed or ELF file, extract its kernel log, or count its pages by "
            + "class (makedumpfile's options and output).",
            "VMCORE is an ELF vmcore (/proc/vmcore) or a kdump-compressed file to filter again.",
            "Pmem: user data is never dumped, metadata is kept (see --pmem-metadata and --pmem-layout).",
            "DUMPFILE is written as .DUMPFILE.kexkit-partial (mode 0600), synced and renamed when complete; a dump cut"
                + " short (full disk, I/O error, interrupt) keeps that name and is marked incomplete (kdump: status"
                + " DUMP_DH_COMPRESSED_INCOMPLETE; ELF: e_flags DUMP_ELF_INCOMPLETE).");
        spec.usageMessage().customSynopsis(
                "kexkit makedumpfile [-c|-l|-p|-z] [-d LEVEL] VMCORE DUMPFILE",
                "       kexkit makedumpfile [--config FILE] [--extension JAR]... [--extension-arg NAME.KEY=VALUE]... [--kallsyms FILE] [-x VMLINUX]"
                    + " [-c|-l|-p|-z] [-d LEVEL] VMCORE DUMPFILE",
                "       kexkit makedumpfile -E [-d LEVEL] VMCORE DUMPFILE",
                "       kexkit makedumpfile -F [-E|-c|-l|-p|-z] [-d LEVEL] VMCORE > FLATTENED",
                "       kexkit makedumpfile -R DUMPFILE < FLATTENED",
                "       kexkit makedumpfile --split [-c|-l|-p|-z] [-d LEVEL] VMCORE DUMPFILE1 DUMPFILE2 [DUMPFILE3...]",
                "       kexkit makedumpfile --reassemble DUMPFILE1 DUMPFILE2 [DUMPFILE3...] DUMPFILE",
                "       kexkit makedumpfile --dump-dmesg VMCORE LOGFILE",
                "       kexkit makedumpfile --mem-usage /proc/kcore");
        for (OptionSpec option : List.of(zlibOption, lzoOption, snappyOption, zstdOption, dumpLevelOption,
                pmemMetadataOption, pmemLayoutOption, elfOption,
                flattenOption, reassembleOption, splitOption, splitBlockOption, reassembleSplitOption, dumpDmesgOption, memUsageOption, messageLevelOption, showStatsOption,
                jsonOption, threadsOption, configOption, extensionOption, extensionArgOption, kallsymsOption, vmlinuxOption, forceOption)) {
            spec.addOption(option);
        }
        spec.addPositional(filesParameter);
    }

    private void read() {
        zlib = Models.given(zlibOption);
        lzo = Models.given(lzoOption);
        snappy = Models.given(snappyOption);
        zstd = Models.given(zstdOption);
        dumpLevel = dumpLevelOption.getValue();
        pmemMetadata = pmemMetadataOption.getValue();
        pmemLayoutFile = pmemLayoutOption.getValue();
        elf = Models.given(elfOption);
        flatten = Models.given(flattenOption);
        reassemble = Models.given(reassembleOption);
        split = Models.given(splitOption);
        splitBlockKiB = splitBlockOption.<Long>getValue();
        reassembleSplit = Models.given(reassembleSplitOption);
        dumpDmesg = Models.given(dumpDmesgOption);
        memUsage = Models.given(memUsageOption);
        messageLevel = messageLevelOption.<Integer>getValue();
        showStats = Models.given(showStatsOption);
        json = Models.given(jsonOption);
        threads = threadsOption.<Integer>getValue();
        force = Models.given(forceOption);
        configFile = configOption.getValue();
        kallsymsFile = kallsymsOption.getValue();
        vmlinuxFile = vmlinuxOption.getValue();
        List<Path> jars = extensionOption.getValue();
        extensionJars = jars == null ? List.of() : jars;
        List<String> args = extensionArgOption.getValue();
        extensionArgs = args == null ? List.of() : args;
        List<Path> given = filesParameter.getValue();
        files = given == null ? List.of() : given;
    }

    @Override
    public Integer call() throws Exception {
        read();
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
                (messageLevel & ML_PRINT_PROGRESS) != 0 && !json && ProgressLine.stderrIsTerminal(), erasure());
        Optional<MakedumpfileRun.Outcome> outcome;
        try (PmemSystemReader capture = new PmemSystemReader(environment.root())) {
            MakedumpfileRun run = new MakedumpfileRun(settings, messages, spec.commandLine().getErr(), flattenedStdout(),
                    (source, path) -> pmemInput(source, path, capture));
            outcome = split ? run.runSplit(files.get(0), files.subList(1, files.size()), levels)
                    : run.run(files.get(0), flatten ? null : files.get(1), levels);
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
            outcome.get().erasure().ifPresent(e -> report.put("erased_bytes", e.erasedBytes()));
            classes.ifPresent(c -> report.put("uncertain_pages", c.uncertainPages()));
            outcome.get().pmem().ifPresent(p -> report.put("pmem", PmemDumpReport.json(p)));
            messages.println(Json.write(report));
        } else {
            if (showStats || (messageLevel & ML_PRINT_REPORT) != 0) {
                messages.print(DumpStatisticsReport.text(stats, outcome.get().elfExcludedPages()));
                if (classes.isPresent()) {
                    messages.printf("Uncertain pages (kept): 0x%016x%n", classes.get().uncertainPages());
                }
                if (outcome.get().erasure().isPresent()) {
                    messages.printf("Erased bytes          : 0x%016x%n", outcome.get().erasure().get().erasedBytes());
                }
                outcome.get().pmem().ifPresent(p -> messages.print(PmemDumpReport.text(p)));
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
                    messages.println(stats.unreadablePages() + " pages could not be read from the vmcore and were skipped;"
                            + " the dump is marked incomplete.");
                }
                messages.println();
                messages.println("makedumpfile Completed.");
            }
        }
        messages.flush();
        return 0;
    }

    /**
     * --config read now (a bad rule is one line before anything is opened) and the --extension jars;
     * --kallsyms and -x go with them.
     */
    /** stdout for -F, made 0600 first when it is a regular file (a dump is the crashed kernel's memory). */
    private Supplier<OutputStream> flattenedStdout() {
        return () -> {
            StdoutFile.restrict(environment.stdoutFile()).ifPresent(w -> {
                spec.commandLine().getErr().println("kexkit: warning: " + w);
                spec.commandLine().getErr().flush();
            });
            return environment.stdout().get();
        };
    }

    private Optional<MakedumpfileRun.Erasure> erasure() throws Exception {
        if (extensionJars.isEmpty() && !extensionArgs.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--extension-arg is for --extension");
        }
        List<ExtensionArgument> arguments = new ArrayList<>();
        for (String a : extensionArgs) {
            try {
                arguments.add(ExtensionArgument.parse(a));
            } catch (ExtensionLoadException e) {
                throw new ParameterException(spec.commandLine(), "--extension-arg: " + e.getMessage());
            }
        }
        if (configFile == null && extensionJars.isEmpty()) {
            if (kallsymsFile != null || vmlinuxFile != null) {
                throw new ParameterException(spec.commandLine(), "--kallsyms and -x are for --config and --extension");
            }
            return Optional.empty();
        }
        return Optional.of(new MakedumpfileRun.Erasure(
                configFile == null ? Optional.empty() : Optional.of(EraseConfigParser.read(configFile)),
                new SymbolFiles(Optional.ofNullable(kallsymsFile), Optional.empty(), Optional.ofNullable(vmlinuxFile)),
                extensionJars, arguments));
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
            spec.commandLine().getErr().println("kexkit: " + ErrorReporter.oneLine(warning));
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
