package org.kexkit.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.kexkit.dump.codec.LzoCodec;
import org.kexkit.dump.codec.PageCodec;
import org.kexkit.dump.codec.SnappyCodec;
import org.kexkit.dump.codec.ZlibCodec;
import org.kexkit.dump.codec.ZstdCodec;
import org.kexkit.dump.erase.EraseConfigParser;
import org.kexkit.dump.filter.DumpLevelList;
import org.kexkit.dump.pmem.PmemDumpInput;
import org.kexkit.dump.printk.DmesgDumper;
import org.kexkit.dump.printk.LogText;
import org.kexkit.dump.symbols.SymbolFiles;
import org.kexkit.dump.write.DumpStatistics;
import org.kexkit.kdump.CaptureDumper;
import org.kexkit.kdump.KdumpConfig;

/** The capture's files written by the makedumpfile engine (in this JVM, not a subprocess), with kdump.conf's settings. */
final class KdumpCaptureDumper implements CaptureDumper {
    private final Path vmcore;
    private final KdumpConfig config;
    private final PrintWriter messages;
    private final PrintWriter err;

    KdumpCaptureDumper(Path vmcore, KdumpConfig config, PrintWriter messages, PrintWriter err) {
        this.vmcore = vmcore;
        this.config = config;
        this.messages = messages;
        this.err = err;
    }

    @Override
    public byte[] kernelLog() throws Exception {
        return LogText.format(DmesgDumper.read(vmcore));
    }

    @Override
    public String dumpToFile(Path file) throws Exception {
        return summary(run(false).run(vmcore, file, levels()));
    }

    @Override
    public String dumpFlattened(OutputStream out) throws Exception {
        MakedumpfileRun run = new MakedumpfileRun(settings(true), messages, err, () -> out, KdumpCaptureDumper::pmem);
        return summary(run.run(vmcore, null, levels()));
    }

    private MakedumpfileRun run(boolean flatten) throws Exception {
        return new MakedumpfileRun(settings(flatten), messages, err, () -> OutputStream.nullOutputStream(),
                KdumpCaptureDumper::pmem);
    }

    private MakedumpfileRun.Settings settings(boolean flatten) throws Exception {
        int level = config.messageLevel();
        return new MakedumpfileRun.Settings(codec(), Runtime.getRuntime().availableProcessors(), 1L << 30, false, flatten,
                false, (level & MakedumpfileCommand.ML_PRINT_COMMON_MSG) != 0,
                (level & MakedumpfileCommand.ML_PRINT_PROGRESS) != 0 && ProgressLine.stderrIsTerminal(),
                erasure());
    }

    /**
     * kdump.conf's erase rules and extensions (both checked when the config was read), with its
     * kallsyms file if any: what {@code makedumpfile --config --extension --extension-arg --kallsyms} does.
     */
    private Optional<MakedumpfileRun.Erasure> erasure() throws Exception {
        if (config.erase().isEmpty() && config.extensions().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new MakedumpfileRun.Erasure(
                config.erase().isEmpty() ? Optional.empty() : Optional.of(EraseConfigParser.read(config.erase().get())),
                new SymbolFiles(config.kallsyms(), Optional.empty(), Optional.empty()), config.extensions(),
                config.extensionArguments()));
    }

    /** The pmem layout from the vmcore's own note (a kexec_load of kexkit's); a file load's capture has none. */
    private static PmemDumpInput pmem(org.kexkit.dump.source.VmcoreSource source, Path path) throws Exception {
        return PmemDumpInput.resolve(source, Optional.empty(), Optional.empty());
    }

    private DumpLevelList levels() {
        return DumpLevelList.parse(config.dumpLevel()); // the config parser checked it
    }

    private Optional<PageCodec> codec() {
        return switch (config.compression()) {
            case NONE -> Optional.empty();
            case ZLIB -> Optional.of(new ZlibCodec());
            case LZO -> Optional.of(new LzoCodec());
            case SNAPPY -> Optional.of(new SnappyCodec());
            case ZSTD -> Optional.of(new ZstdCodec());
        };
    }

    private String summary(Optional<MakedumpfileRun.Outcome> outcome) {
        if (outcome.isEmpty()) {
            throw new CommandFailure("the dump was interrupted");
        }
        DumpStatistics s = outcome.get().statistics();
        StringWriter w = new StringWriter();
        w.append(Long.toString(s.remainingPages())).append(" pages kept of ").append(Long.toString(s.backedPages()))
                .append(" (").append(Long.toString(s.remainingPercent())).append("%)");
        if (s.unreadablePages() > 0) {
            w.append(", ").append(Long.toString(s.unreadablePages())).append(" unreadable pages skipped");
        }
        return w.toString();
    }
}
