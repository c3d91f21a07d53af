package org.kexkit.dump.elf;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.DumpException;
import org.kexkit.dump.flattened.FlattenedSink;
import org.kexkit.dump.io.SafeOutputFile;
import org.kexkit.dump.write.DumpStatistics;
import org.kexkit.dump.write.IncompleteDumpException;

/**
 * makedumpfile -E's two ways out: an ELF file written safely (0600 temporary
 * file beside OUT, synced, renamed when complete), or its flattened form (-E -F)
 * on a stream, which -R turns back into the ELF file.
 */
public final class ElfDumper {
    private final ElfDumpWriter writer;

    public ElfDumper(ElfDumpWriter writer) {
        this.writer = writer;
    }

    /**
     * Dumps {@code vmcore} to {@code out}. If the run stops early the partial file
     * keeps its temporary name and the exception says where it is.
     */
    public ElfDumpResult toFile(ElfVmcore vmcore, Path out, boolean overwrite)
            throws IOException, FormatException, DumpException {
        try (SafeOutputFile target = SafeOutputFile.create(out, overwrite)) {
            ElfDumpResult result;
            try {
                result = writer.write(vmcore, target.sink());
            } catch (IncompleteDumpException e) {
                DumpStatistics s = e.statistics();
                throw new DumpException("dump stopped: " + SafeOutputFile.describeStop(e.getCause()) + "; " + s.writtenPages()
                        + " pages copied before the stop" + target.leftBehind("the incomplete ELF dump")
                        + " (e_flags has DUMP_ELF_INCOMPLETE, which crash reports; most ELF readers do not check it)", e);
            } catch (IOException | OutOfMemoryError e) {
                throw new DumpException("dump failed: " + SafeOutputFile.describeStop(e)
                        + target.leftBehind("the partial file"), e);
            }
            target.commit();
            return result;
        }
    }

    /** Writes the flattened form (-E -F) to {@code out}; the caller closes it. */
    public ElfDumpResult toFlattened(ElfVmcore vmcore, OutputStream out) throws IOException, FormatException {
        return writer.write(vmcore, new FlattenedSink(out));
    }

}
