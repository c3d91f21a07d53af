package org.kexkit.fuzz;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.DumpException;
import org.kexkit.dump.codec.ZlibCodec;
import org.kexkit.dump.filter.DumpLevel;
import org.kexkit.dump.filter.PageClassification;
import org.kexkit.dump.filter.PageFilter;
import org.kexkit.dump.filter.VmcoreClassifier;
import org.kexkit.dump.io.DumpSink;
import org.kexkit.dump.kdump.KdumpOptions;
import org.kexkit.dump.kdump.KdumpWriter;
import org.kexkit.dump.source.PfnRun;
import org.kexkit.dump.source.VmcoreSource;

/** What the targets do with an opened vmcore: what makedumpfile and `vmcore info` would. */
final class Exercise {
    /** Pages read back at most per input (a fuzzed map may claim billions). */
    static final int MAX_PAGES = 256;
    /**
     * Pfns looked at at most per input: a fuzzed PT_LOAD may claim 2^40 pages that are all excluded
     * (p_memsz past p_filesz), none of which would count against {@link #MAX_PAGES}.
     */
    static final int MAX_PFNS = 1 << 16;
    /**
     * Largest map dumped (4 GiB of 4 KiB pages): the writer asks about every pfn of the map three times
     * (counts, bitmaps, pages), so a fuzzed PT_LOAD that claims 2^24 pages without bytes took most of the
     * long run's time at a few hundred inputs a second. Larger maps are TerabyteVmcoreTest's.
     */
    static final long MAX_DUMP_PFNS = 1L << 20;

    private Exercise() {
    }

    /**
     * Identity, notes, VMCOREINFO and up to {@link #MAX_PAGES} pages that the source holds, among its
     * first {@link #MAX_PFNS} pfns.
     */
    static void read(VmcoreSource source) throws IOException, FormatException {
        source.identity();
        source.noteBytes();
        source.vmcoreInfo();
        source.cpuCount();
        byte[] page = new byte[source.pageSize()];
        int read = 0;
        int seen = 0;
        try (VmcoreSource.PageReader reader = source.pageReader(false)) {
            for (PfnRun run : source.memory().runs()) {
                for (long pfn = run.start(); pfn < run.end() && read < MAX_PAGES && seen < MAX_PFNS; pfn++, seen++) {
                    if (source.excluded(pfn)) {
                        continue;
                    }
                    read++;
                    try {
                        reader.read(pfn, page, 0);
                    } catch (IOException e) {
                        // a page the source cannot give: the writers skip and count it
                    }
                }
            }
        }
    }

    /**
     * Classifies at level 31 (struct page walk) when the source has VMCOREINFO, then writes a
     * zlib kdump file of it into a sink that keeps nothing, as makedumpfile -c -d 31 would.
     */
    static void dump(VmcoreSource source) throws IOException, FormatException, DumpException {
        if (source.memory().maxMapnr() > MAX_DUMP_PFNS) {
            return;
        }
        int level = source.vmcoreInfo().isPresent() ? DumpLevel.PAGE_CLASSES : 1;
        Optional<PageClassification> classes = Optional.empty();
        try {
            if (new DumpLevel(level | source.dumpLevel()).needsPageClasses()) {
                try {
                    classes = Optional.of(VmcoreClassifier.classify(source, new DumpLevel(level | source.dumpLevel())));
                } catch (FormatException | DumpException e) {
                    // the memory model cannot be read: the writer is still exercised, at -d 1
                    level = 1;
                }
            }
            PageFilter filter = classes.isPresent() ? classes.get() : PageFilter.KEEP_ALL;
            new KdumpWriter(new KdumpOptions(Optional.of(new ZlibCodec()), level | source.dumpLevel(), 1, filter))
                    .write(source, new Discard());
        } finally {
            if (classes.isPresent()) {
                classes.get().close();
            }
        }
    }

    /** A sink that counts and forgets. */
    static final class Discard implements DumpSink {
        private long written;

        @Override
        public void write(long offset, ByteBuffer data) {
            written += data.remaining();
            data.position(data.limit());
        }

        @Override
        public boolean seekable() {
            return true;
        }

        @Override
        public void finish() {
        }

        @Override
        public long bytesWritten() {
            return written;
        }
    }
}
