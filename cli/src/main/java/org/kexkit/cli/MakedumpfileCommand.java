package org.kexkit.cli;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.kexkit.dump.DmesgDumper;
import org.kexkit.dump.MemoryUsageReader;
import org.kexkit.dump.usage.MemoryUsage;
import org.kexkit.elfcore.PhysRange;
import org.kexkit.kexec.system.CrashSystemReader;
import org.kexkit.dump.filter.DumpLevel;
import org.kexkit.dump.filter.PageClassification;
import org.kexkit.dump.filter.VmcorePageClasses;
import org.kexkit.dump.kdump.DumpStatistics;
import org.kexkit.dump.kdump.ElfVmcore;
import org.kexkit.dump.kdump.FlattenedReassembler;
import org.kexkit.dump.kdump.KdumpDumper;
import org.kexkit.dump.kdump.KdumpOptions;
import org.kexkit.dump.kdump.KdumpWriter;
import org.kexkit.dump.kdump.LzoCodec;
import org.kexkit.dump.kdump.PageCodec;
import org.kexkit.dump.kdump.PageFilter;
import org.kexkit.dump.kdump.SnappyCodec;
import org.kexkit.dump.kdump.ZlibCodec;
import org.kexkit.dump.kdump.ZstdCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "makedumpfile", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Write a vmcore as a kdump-compressed file, extract its kernel log, or count its pages by class "
            + "(makedumpfile's options and output).",
            "  kexkit makedumpfile [-c|-l|-p|-z] [-d LEVEL] VMCORE DUMPFILE",
            "  kexkit makedumpfile -F [-c|-l|-p|-z] [-d LEVEL] VMCORE > FLATTENED",
            "  kexkit makedumpfile -R DUMPFILE < FLATTENED",
            "  kexkit makedumpfile --dump-dmesg VMCORE LOGFILE",
            "  kexkit makedumpfile --mem-usage /proc/kcore",
            "DUMPFILE is written as .DUMPFILE.kexkit-partial (mode 0600), synced and renamed when complete;",
            "a dump cut short (full disk, I/O error, interrupt) keeps that name and is marked incomplete."})
final class MakedumpfileCommand implements Callable<Integer> {
    /** makedumpfile's message levels (ML_PRINT_*): common messages and the report. */
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

    @Option(names = "-d", paramLabel = "LEVEL", description = "Dump level 0-31: 1 zero pages (shared), 2 non-private "
            + "cache, 4 all cache, 8 user data, 16 free pages, classified from VMCOREINFO (no vmlinux needed).")
    int dumpLevel;

    @Option(names = "-E", description = "ELF output (not implemented yet).")
    boolean elf;

    @Option(names = "-F", description = "Write the flattened format to stdout.")
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
            description = "makedumpfile's message level: 2 common messages, 16 the statistics (default 7).")
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

    @Parameters(paramLabel = "FILE", arity = "1..2", description = "VMCORE and DUMPFILE (-F: VMCORE; -R: DUMPFILE; --dump-dmesg: VMCORE and LOGFILE; "
            + "--mem-usage: VMCORE).")
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
        if (dumpDmesg && memUsage) {
            throw new ParameterException(spec.commandLine(), "choose one of --dump-dmesg and --mem-usage");
        }
        if (dumpDmesg) {
            return dumpDmesg(out);
        }
        if (memUsage) {
            return memUsage(out);
        }
        KdumpOptions options = options();
        Optional<PageClassification> classes = classify(options);
        if (classes.isPresent()) {
            options = new KdumpOptions(options.codec(), options.dumpLevel(), options.threads(), classes.get());
            for (String warning : classes.get().warnings()) {
                spec.commandLine().getErr().println("kexkit: " + warning);
            }
        }
        KdumpWriter writer = new KdumpWriter(options);
        DumpStatistics stats;
        // In -F mode stdout carries the dump, so every message goes to stderr.
        PrintWriter messages = flatten ? spec.commandLine().getErr() : out;
        requireFiles(flatten ? 1 : 2, flatten ? "-F takes VMCORE only (the flattened dump goes to stdout)"
                : "expected VMCORE and DUMPFILE");
        try (Interruption interruption = Interruption.cancelling(writer)) {
            try {
                if (flatten) {
                    OutputStream stdout = new BufferedOutputStream(environment.stdout().get(), 1 << 20);
                    stats = new KdumpDumper(writer).toFlattened(files.get(0), stdout);
                    stdout.flush();
                } else {
                    stats = new KdumpDumper(writer).toFile(files.get(0), files.get(1), force);
                }
            } catch (Exception e) {
                if (!interruption.fired()) {
                    throw e;
                }
                // the JVM exits as soon as the hook returns: report now, before releasing it
                String message = ErrorReporter.expectedMessage(e);
                spec.commandLine().getErr().println("kexkit: " + (message != null ? message : e));
                spec.commandLine().getErr().flush();
                return ErrorReporter.EXIT_FAILURE;
            }
        }
        if (json) {
            java.util.Map<String, Object> report = DumpStatisticsReport.json(stats);
            classes.ifPresent(c -> report.put("uncertain_pages", c.uncertainPages()));
            messages.println(Json.write(report));
        } else {
            if (showStats || (messageLevel & ML_PRINT_REPORT) != 0) {
                messages.print(DumpStatisticsReport.text(stats));
                if (classes.isPresent()) {
                    messages.printf("Uncertain pages (kept): 0x%016x%n", classes.get().uncertainPages());
                }
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

    private KdumpOptions options() {
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
        if (dumpLevel < 0 || dumpLevel > KdumpOptions.MAX_LEVEL) {
            throw new ParameterException(spec.commandLine(), "dump level must be 0 to 31, found " + dumpLevel);
        }
        if (threads < 1) {
            throw new ParameterException(spec.commandLine(), "--num-threads must be at least 1, found " + threads);
        }
        if (elf) {
            throw new CommandFailure("ELF output (-E) is not implemented yet; the kdump-compressed format works");
        }
        return new KdumpOptions(chosen.isEmpty() ? Optional.empty() : Optional.of(chosen.get(0)), dumpLevel, threads,
                PageFilter.KEEP_ALL);
    }

    /** Page classes for levels with bits 2, 4, 8 or 16; empty for 0 and 1 (nothing to classify). */
    private Optional<PageClassification> classify(KdumpOptions options) throws Exception {
        DumpLevel level = new DumpLevel(options.dumpLevel());
        if (!level.needsPageClasses() || reassemble || files.isEmpty()) {
            return Optional.empty();
        }
        try (ElfVmcore vmcore = ElfVmcore.open(files.get(0))) {
            return Optional.of(VmcorePageClasses.classify(vmcore, level));
        }
    }

    private void requireFiles(int count, String message) {
        if (files.size() != count) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }

    /**
     * On SIGINT/SIGTERM (JVM shutdown) during a dump: cancel the writer and give it
     * a few seconds to mark the file incomplete before the JVM exits.
     */
    private static final class Interruption implements AutoCloseable {
        private static final long GRACE_SECONDS = 10;
        private final Thread hook;
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile boolean fired;

        private Interruption(KdumpWriter writer) {
            this.hook = new Thread(() -> {
                fired = true;
                writer.cancel();
                try {
                    done.await(GRACE_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "kexkit-dump-interrupt");
        }

        boolean fired() {
            return fired;
        }

        static Interruption cancelling(KdumpWriter writer) {
            Interruption i = new Interruption(writer);
            Runtime.getRuntime().addShutdownHook(i.hook);
            return i;
        }

        @Override
        public void close() {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down already: the hook is running and now sees done
            }
        }
    }
}
