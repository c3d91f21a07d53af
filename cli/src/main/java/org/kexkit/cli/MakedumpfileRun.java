package org.kexkit.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.kexkit.dump.DumpException;
import org.kexkit.dump.codec.LzoCodec;
import org.kexkit.dump.codec.PageCodec;
import org.kexkit.dump.codec.ZstdCodec;
import org.kexkit.dump.elf.ElfDumpResult;
import org.kexkit.dump.elf.ElfDumpWriter;
import org.kexkit.dump.elf.ElfDumper;
import org.kexkit.dump.elf.ElfVmcore;
import org.kexkit.dump.erase.EraseConfig;
import org.kexkit.dump.erase.EraseKernel;
import org.kexkit.dump.erase.EraseRange;
import org.kexkit.dump.erase.ErasePlan;
import org.kexkit.dump.erase.EraseResolver;
import org.kexkit.dump.filter.DumpLevel;
import org.kexkit.dump.filter.DumpLevelList;
import org.kexkit.dump.filter.PageClassification;
import org.kexkit.dump.filter.PageFilter;
import org.kexkit.dump.filter.PageVotes;
import org.kexkit.dump.extension.ExtensionArgument;
import org.kexkit.dump.extension.ExtensionFailedException;
import org.kexkit.dump.extension.ExtensionHost;
import org.kexkit.dump.extension.ExtensionJars;
import org.kexkit.dump.filter.VmcoreClassifier;
import org.kexkit.dump.input.VmcoreSources;
import org.kexkit.dump.kdump.KdumpDumper;
import org.kexkit.dump.kdump.KdumpOptions;
import org.kexkit.dump.kdump.KdumpWriter;
import org.kexkit.dump.pmem.MemmapPages;
import org.kexkit.dump.pmem.PmemDumpCounts;
import org.kexkit.dump.pmem.PmemDumpInput;
import org.kexkit.dump.pmem.PmemPageFilter;
import org.kexkit.dump.pmem.PmemRuns;
import org.kexkit.dump.source.PfnRun;
import org.kexkit.dump.source.VmcoreSource;
import org.kexkit.dump.symbols.KernelView;
import org.kexkit.dump.symbols.SymbolFiles;
import org.kexkit.dump.write.DumpStatistics;
import org.kexkit.dump.write.PageEraser;

/**
 * One makedumpfile dump, as create_dumpfile runs it: open the source (ELF
 * vmcore, or a kdump file to filter again, whose dump level is ORed into the
 * requested one as update_dump_level does), classify pages, write the kdump or
 * ELF file (or its flattened form), and on a full disk start again with the
 * next level of a -d list.
 */
final class MakedumpfileRun {
    /** How to write. */
    record Settings(Optional<PageCodec> codec, int threads, long splitBlockBytes, boolean elf, boolean flatten,
            boolean force, boolean commonMessages, boolean progressLine, Optional<Erasure> erasure) {
    }

    /**
     * --config and --extension: the erase rules (if any) and the extension jars with their arguments,
     * resolved and started with the dump's BTF and kallsyms and what {@code symbols} adds.
     */
    record Erasure(Optional<EraseConfig> config, SymbolFiles symbols, List<Path> extensions,
            List<ExtensionArgument> arguments) {
        Erasure {
            extensions = List.copyOf(extensions);
            arguments = List.copyOf(arguments);
        }

        Erasure(EraseConfig config, SymbolFiles symbols) {
            this(Optional.of(config), symbols, List.of(), List.of());
        }
    }

    /** What the rules and the extensions do to this dump: erase plan, page votes, the eraser of written pages. */
    private record Hooks(Optional<ErasePlan> plan, PageVotes votes, Optional<PageEraser> eraser) {
        static final Hooks NONE = new Hooks(Optional.empty(), PageVotes.NONE, Optional.empty());
    }

    /**
     * What the dump did.
     *
     * @param elfExcludedPages with -E: the excluded pages really left out of the file
     * @param pmem             what it did with each pmem namespace; empty without pmem
     * @param erasure          with --config or --extension: what was erased
     */
    record Outcome(DumpStatistics statistics, Optional<PageClassification> classes, OptionalLong elfExcludedPages,
            Optional<PmemDumpCounts> pmem, Optional<ErasePlan> erasure) {
    }

    /** Finds the pmem layout of a vmcore and the devices its metadata is read from (see {@link PmemDumpInput}). */
    @FunctionalInterface
    interface PmemSide {
        PmemDumpInput resolve(VmcoreSource source, Path vmcore) throws Exception;
    }

    private final Settings settings;
    private final PrintWriter messages;
    private final PrintWriter err;
    private final Supplier<OutputStream> stdout;
    private final PmemSide pmemSide;

    MakedumpfileRun(Settings settings, PrintWriter messages, PrintWriter err, Supplier<OutputStream> stdout,
            PmemSide pmemSide) {
        this.settings = settings;
        this.messages = messages;
        this.err = err;
        this.stdout = stdout;
        this.pmemSide = pmemSide;
    }

    /**
     * Runs the dump.
     *
     * @param out DUMPFILE, or null with -F
     * @return the outcome, or empty when a signal stopped the dump and the error line is already printed
     */
    Optional<Outcome> run(Path vmcore, Path out, DumpLevelList levels) throws Exception {
        return run(vmcore, out, List.of(), levels);
    }

    /** As {@link #run(Path, Path, DumpLevelList)} writing a split dump (--split), one part to each of {@code parts}. */
    Optional<Outcome> runSplit(Path vmcore, List<Path> parts, DumpLevelList levels) throws Exception {
        return run(vmcore, parts.get(0), parts, levels);
    }

    private Optional<Outcome> run(Path vmcore, Path out, List<Path> parts, DumpLevelList levels) throws Exception {
        try (VmcoreSource opened = VmcoreSources.open(vmcore)) {
            PmemDumpInput pmem = pmemSide.resolve(opened, vmcore);
            VmcoreSource source = pmem.source();
            if (settings.elf() && source != opened) {
                warn("-E: the pmem metadata read from the devices is not added to an ELF dump; the kdump format has it");
                source = opened;
            }
            if (settings.erasure().isEmpty()) {
                return run(vmcore, out, parts, levels, source, pmem, Hooks.NONE);
            }
            Erasure erasure = settings.erasure().get();
            // the kernel view stays open while extensions may read through it: classification and writing
            try (ExtensionJars jars = ExtensionJars.load(erasure.extensions(), erasure.arguments());
                    KernelView view = KernelView.open(source, erasure.symbols())) {
                return run(vmcore, out, parts, levels, source, pmem, hooks(source, view, erasure, jars));
            } catch (UncheckedIOException e) {
                if (e.getCause() instanceof ExtensionFailedException failed) {
                    throw failed; // an extension's hook threw while pages were classified or written
                }
                throw e;
            }
        }
    }

    private Optional<Outcome> run(Path vmcore, Path out, List<Path> parts, DumpLevelList levels, VmcoreSource source,
            PmemDumpInput pmem, Hooks hooks) throws Exception {
        settings.codec().ifPresent(MakedumpfileRun::bindWhileClassifying);
        pmem.warnings().forEach(this::warn);
        MemmapPages memmap = pmem.layout().isEmpty() ? MemmapPages.NONE : MemmapPages.locate(source, pmem.layout());
        memmap.warnings().forEach(this::warn);
        if (settings.elf() && !(source instanceof ElfVmcore)) {
            throw new CommandFailure("-E needs an ELF vmcore: " + vmcore + " is kdump-compressed, and its pages "
                    + "have no PT_LOADs to keep (makedumpfile refuses this too)");
        }
        for (int attempt = 0; ; attempt++) {
            int asked = levels.levels().get(attempt).value();
            int level = asked | source.dumpLevel();
            if (level != asked) {
                common("dump_level is changed to " + level + ", because " + vmcore + " was created by dump_level("
                        + source.dumpLevel() + ").");
            }
            Optional<PageClassification> classes = classify(source, new DumpLevel(level), pmem, hooks.votes());
            PageFilter filter = PmemPageFilter.of(pmem.layout(), source.pageSize(), new DumpLevel(level), memmap.inRam(),
                    classes.isPresent() ? classes.get() : PageFilter.KEEP_ALL);
            Optional<PmemDumpCounts> counts = pmem.layout().isEmpty() ? Optional.empty()
                    : Optional.of(PmemDumpCounts.of(new PmemDumpInput(source, pmem.layout(), pmem.origin(), List.of()),
                            memmap, filter));
            try {
                return write(source, out, parts, level, classes, filter, counts, hooks);
            } catch (DumpException e) {
                if (out == null || attempt + 1 >= levels.levels().size() || !diskFull(e)) {
                    throw e;
                }
                err.println("kexkit: " + e.getMessage());
                common("Retry to create a dumpfile by dump_level(" + levels.levels().get(attempt + 1).value() + ").");
            } finally {
                if (classes.isPresent()) {
                    classes.get().close(); // its counts stay readable
                }
            }
        }
    }

    /**
     * Every rule resolved and every extension started before a page is classified or a byte written:
     * a bad rule writes nothing. Extension erase ranges join the rules' plan (not its eraseinfo text).
     */
    private Hooks hooks(VmcoreSource source, KernelView view, Erasure erasure, ExtensionJars jars) throws Exception {
        int pageSize = source.pageSize();
        List<EraseRange> ranges = new ArrayList<>();
        String eraseInfo = "";
        if (erasure.config().isPresent()) {
            EraseResolver.Result r = EraseResolver.resolve(erasure.config().get(), EraseKernel.of(view), pageSize);
            view.notes().forEach(this::warn);
            r.warnings().forEach(this::warn);
            ranges.addAll(r.plan().ranges());
            eraseInfo = new String(r.plan().eraseInfo(), StandardCharsets.ISO_8859_1);
        }
        ExtensionHost host = ExtensionHost.start(jars.found(), EraseKernel.of(view), pageSize, this::warn);
        ranges.addAll(host.eraseRanges());
        if (erasure.config().isEmpty()) {
            view.notes().forEach(this::warn);
        }
        ErasePlan plan = new ErasePlan(pageSize, ranges, eraseInfo);
        return new Hooks(Optional.of(plan), host.pageVotes(), Optional.of(host.eraser(plan)));
    }

    /**
     * Binds libzstd or liblzo2 on another thread while the pages are classified: the vmcore is
     * readable by then, and binding takes tens of milliseconds that classification would otherwise wait for.
     */
    private static void bindWhileClassifying(PageCodec codec) {
        if (codec instanceof ZstdCodec || codec instanceof LzoCodec) {
            Thread bind = new Thread(codec instanceof ZstdCodec ? ZstdCodec::isNative : LzoCodec::isNative,
                    "kexkit-codec-load");
            bind.setDaemon(true);
            bind.start();
        }
    }

    /**
     * Page classes for levels with bits 2, 4, 8 or 16, or when extensions vote on pages; empty otherwise
     * (nothing to classify). Pmem pfns are not scanned: the pmem layout decides them.
     */
    private Optional<PageClassification> classify(VmcoreSource source, DumpLevel level, PmemDumpInput pmem,
            PageVotes votes) throws Exception {
        if (!level.needsPageClasses() && votes == PageVotes.NONE) {
            return Optional.empty();
        }
        List<PfnRun> runs = PmemRuns.outside(source.memory().runs(), pmem.layout(), source.pageSize());
        PageClassification classes = VmcoreClassifier.classify(source, level, runs, votes);
        for (String warning : classes.warnings()) {
            err.println("kexkit: " + ErrorReporter.oneLine(warning));
        }
        return Optional.of(classes);
    }

    private Optional<Outcome> write(VmcoreSource source, Path out, List<Path> parts, int level,
            Optional<PageClassification> classes, PageFilter filter, Optional<PmemDumpCounts> pmem,
            Hooks hooks) throws Exception {
        Optional<ErasePlan> erasure = hooks.plan();
        KdumpWriter kdump = settings.elf() ? null
                : new KdumpWriter(new KdumpOptions(settings.codec(), level, settings.threads(), filter))
                        .splitBlockSize(settings.splitBlockBytes());
        if (kdump != null && hooks.eraser().isPresent()) {
            kdump.eraser(hooks.eraser().get());
        }
        if (kdump != null && settings.progressLine()) {
            kdump.progress(new ProgressLine(err));
        }
        ElfDumpWriter elf = settings.elf() ? new ElfDumpWriter(level, filter) : null;
        if (elf != null && hooks.eraser().isPresent()) {
            elf.eraser(hooks.eraser().get());
        }
        try (DumpInterruption interruption = DumpInterruption.cancelling(settings.elf() ? elf::cancel : kdump::cancel)) {
            try {
                if (settings.elf()) {
                    ElfDumpResult r = out == null ? toFlattened(s -> new ElfDumper(elf).toFlattened((ElfVmcore) source, s))
                            : new ElfDumper(elf).toFile((ElfVmcore) source, out, settings.force());
                    return Optional.of(new Outcome(r.statistics(), classes, OptionalLong.of(r.elfExcludedPages()), pmem,
                            erasure));
                }
                DumpStatistics s = out == null ? toFlattened(o -> new KdumpDumper(kdump).toFlattened(source, o))
                        : parts.size() > 1 ? new KdumpDumper(kdump).toSplitFiles(source, parts, settings.force())
                        : new KdumpDumper(kdump).toFile(source, out, settings.force());
                return Optional.of(new Outcome(s, classes, OptionalLong.empty(), pmem, erasure));
            } catch (Exception e) {
                if (!interruption.fired()) {
                    throw e;
                }
                // the JVM exits as soon as the hook returns: report now, before releasing it
                String message = ErrorReporter.expectedMessage(e);
                err.println("kexkit: " + ErrorReporter.oneLine(message != null ? message : String.valueOf(e)));
                err.flush();
                return Optional.empty();
            }
        }
    }

    /** A write to stdout (-F), buffered and flushed. */
    private <T> T toFlattened(FlattenedWrite<T> write) throws Exception {
        OutputStream o = new BufferedOutputStream(stdout.get(), 1 << 20);
        T result = write.to(o);
        o.flush();
        return result;
    }

    @FunctionalInterface
    private interface FlattenedWrite<T> {
        T to(OutputStream out) throws Exception;
    }

    private void warn(String line) {
        err.println("kexkit: warning: " + ErrorReporter.oneLine(line));
        err.flush();
    }

    private void common(String line) {
        if (settings.commonMessages()) {
            messages.println(line);
            messages.flush();
        }
    }

    /** ENOSPC somewhere in the cause chain: the case makedumpfile retries with the next level. */
    static boolean diskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException && t.getMessage() != null && t.getMessage().contains("No space left on device")) {
                return true;
            }
        }
        return false;
    }
}
