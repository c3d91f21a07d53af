package org.kexkit.dump.kdump;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.DumpException;
import org.kexkit.dump.flattened.FlattenedSink;
import org.kexkit.dump.input.VmcoreSources;
import org.kexkit.dump.io.DumpSink;
import org.kexkit.dump.io.SafeOutputFile;
import org.kexkit.dump.source.VmcoreSource;
import org.kexkit.dump.write.DumpStatistics;
import org.kexkit.dump.write.IncompleteDumpException;

/**
 * makedumpfile's two ways out: a kdump-compressed file written safely
 * (0600 temporary file beside OUT, synced, renamed when complete), or the
 * flattened form on a stream.
 */
public final class KdumpDumper {
    private final KdumpWriter writer;

    public KdumpDumper(KdumpWriter writer) {
        this.writer = writer;
    }

    /**
     * Dumps {@code vmcore} to {@code out}. If the run stops early the partial file
     * keeps its temporary name, is marked incomplete and stays readable; the
     * exception says where it is.
     */
    public DumpStatistics toFile(Path vmcore, Path out, boolean overwrite)
            throws IOException, FormatException, DumpException {
        try (VmcoreSource source = VmcoreSources.open(vmcore)) {
            return toFile(source, out, overwrite);
        }
    }

    /** As {@link #toFile(Path, Path, boolean)} from an open source (ELF vmcore or kdump file). */
    public DumpStatistics toFile(VmcoreSource source, Path out, boolean overwrite)
            throws IOException, FormatException, DumpException {
        try (SafeOutputFile target = SafeOutputFile.create(out, overwrite)) {
            DumpStatistics stats;
            try {
                stats = writer.write(source, target.sink());
            } catch (IncompleteDumpException e) {
                DumpStatistics s = e.statistics();
                throw new DumpException("dump stopped: " + SafeOutputFile.describeStop(e.getCause()) + "; " + s.writtenPages()
                        + " pages written before the stop" + target.leftBehind("the incomplete dump (marked so, readable)"), e);
            } catch (IOException | OutOfMemoryError e) {
                // out of memory before the page data (while classifying): one line, and at most a header left
                throw new DumpException("dump failed: " + SafeOutputFile.describeStop(e)
                        + target.leftBehind("the partial file"), e);
            }
            target.commit();
            return stats;
        }
    }

    /**
     * Dumps {@code source} as the parts of a split dump, one file each (makedumpfile --split), written
     * safely one after the other. If the run stops early the part being written keeps its temporary
     * name and is marked incomplete; the parts after it are not made.
     */
    public DumpStatistics toSplitFiles(VmcoreSource source, List<Path> outs, boolean overwrite)
            throws IOException, FormatException, DumpException {
        if (outs.size() < 2) {
            throw new IllegalArgumentException("a split dump has at least two parts, given " + outs.size());
        }
        List<SafeOutputFile> targets = new ArrayList<>();
        try {
            for (Path out : outs) {
                targets.add(SafeOutputFile.create(out, overwrite));
            }
            List<DumpSink> sinks = new ArrayList<>();
            for (SafeOutputFile t : targets) {
                sinks.add(t.sink());
            }
            DumpStatistics stats;
            try {
                stats = writer.writeSplit(source, sinks);
            } catch (IncompleteDumpException e) {
                throw new DumpException("dump stopped: " + SafeOutputFile.describeStop(e.getCause()) + "; "
                        + e.statistics().writtenPages() + " pages written before the stop; the incomplete parts (marked "
                        + "so, readable) are left at " + partials(targets), e);
            } catch (IOException | OutOfMemoryError e) {
                throw new DumpException("dump failed: " + SafeOutputFile.describeStop(e) + "; the partial files are left at "
                        + partials(targets), e);
            }
            for (SafeOutputFile t : targets) {
                t.commit();
            }
            return stats;
        } finally {
            for (SafeOutputFile t : targets) {
                t.close();
            }
        }
    }

    /** The parts' partial files that exist (a part after the stop has none). */
    private static String partials(List<SafeOutputFile> targets) {
        String made = targets.stream().filter(SafeOutputFile::created).map(t -> t.partial().toString())
                .collect(Collectors.joining(", "));
        return made.isEmpty() ? "(none: nothing was written)" : made;
    }

    /** Writes the flattened form (-F) to {@code out}; the caller closes it. */
    public DumpStatistics toFlattened(Path vmcore, OutputStream out) throws IOException, FormatException, DumpException {
        try (VmcoreSource source = VmcoreSources.open(vmcore)) {
            return toFlattened(source, out);
        }
    }

    /** Writes the flattened form (-F) of an open source to {@code out}; the caller closes both. */
    public DumpStatistics toFlattened(VmcoreSource source, OutputStream out) throws IOException, FormatException {
        return writer.write(source, new FlattenedSink(out));
    }

}
