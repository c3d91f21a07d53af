package org.kexkit.dump.kdump;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.kexkit.bin.ByteCursor;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.filter.DumpLevel;
import org.kexkit.dump.memory.VmcoreInfoLocation;
import org.kexkit.dump.source.DumpIdentity;
import org.kexkit.dump.source.NoteSpan;
import org.kexkit.dump.source.PfnRun;
import org.kexkit.dump.source.PhysicalMemoryMap;
import org.kexkit.dump.source.VmcoreSource;
import org.kexkit.vmcoreinfo.VmcoreInfo;
import org.kexkit.vmcoreinfo.VmcoreInfoParser;

/**
 * A kdump-compressed dump as the source of another dump, as makedumpfile
 * re-filters one (flag_refiltering): the 1st bitmap says which pfns are
 * memory, the 2nd which pages the file still holds; the header gives utsname,
 * crash time and CPU count, the sub header phys_base, the dump level and the
 * PT_NOTE copy with VMCOREINFO. Pages are read and decompressed one at a time;
 * only the two bitmaps are held in memory.
 */
public final class KdumpVmcore implements VmcoreSource {
    private final Path path;
    private final KdumpReader reader;
    /** Every part of a split dump read as one; empty for a single file (or one part alone). */
    private final Optional<SplitParts> set;
    private final PhysicalMemoryMap memory;
    private final Optional<VmcoreInfo> vmcoreInfo;

    private KdumpVmcore(Path path, KdumpReader reader, Optional<SplitParts> set, PhysicalMemoryMap memory,
            Optional<VmcoreInfo> vmcoreInfo) {
        this.path = path;
        this.reader = reader;
        this.set = set;
        this.memory = memory;
        this.vmcoreInfo = vmcoreInfo;
    }

    /** A kdump-compressed file; one part of a split dump alone holds only its own pages. */
    public static KdumpVmcore open(Path path) throws IOException, FormatException {
        KdumpReader reader = KdumpReader.open(path);
        try {
            return of(path, reader, Optional.empty());
        } catch (IOException | FormatException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** Every part of a split dump (makedumpfile --split), in any order, read as one dump. */
    public static KdumpVmcore openSplit(List<Path> paths) throws IOException, FormatException {
        SplitParts parts = SplitParts.open(paths);
        try {
            KdumpReader first = parts.parts().get(0);
            return of(Path.of(first.source()), first, Optional.of(parts));
        } catch (IOException | FormatException | RuntimeException e) {
            parts.close();
            throw e;
        }
    }

    private static KdumpVmcore of(Path path, KdumpReader reader, Optional<SplitParts> set)
            throws IOException, FormatException {
        String name = path.toString();
        long subHeader = reader.header().blockSize();
        KdumpSubHeader sub = reader.subHeader();
        if (sub.dumpLevel() < 0 || sub.dumpLevel() > DumpLevel.MAX) {
            // the level it was filtered with joins the level asked for: only makedumpfile's bits mean anything
            throw new FormatException(name, subHeader + KdumpSubHeader.OFF_DUMP_LEVEL, "dump_level " + sub.dumpLevel()
                    + " is no dump level (0.." + DumpLevel.MAX + ")");
        }
        Optional<VmcoreInfo> info = Optional.empty();
        if (sub.sizeVmcoreinfo() > 0) {
            byte[] text = reader.vmcoreInfo().get().getBytes(StandardCharsets.ISO_8859_1);
            info = Optional.of(VmcoreInfoParser.parse(ByteCursor.of(text, name, sub.offsetVmcoreinfo())));
            checkPageSize(name, info.get(), sub.offsetVmcoreinfo(), reader.pageSize());
        }
        List<PfnRun> runs = reader.memoryRuns();
        if (runs.isEmpty() && reader.header().incomplete()) {
            throw new FormatException(name, reader.header().blockSize() * (1L + reader.header().subHeaderBlocks()),
                    "the 1st bitmap is empty: the dump is marked incomplete and stopped before its bitmaps were written");
        }
        if (runs.isEmpty()) {
            throw new FormatException(name, reader.header().blockSize() * (1L + reader.header().subHeaderBlocks()),
                    "the 1st bitmap is empty: the dump holds no memory");
        }
        PhysicalMemoryMap memory = PhysicalMemoryMap.ofRuns(runs, reader.maxMapnr(), reader.pageSize());
        return new KdumpVmcore(path, reader, set, memory, info);
    }

    /** The file holding pfn's page. */
    private KdumpReader partOf(long pfn) {
        return set.isPresent() ? set.get().partOf(pfn) : reader;
    }

    /** The block size is the page size; a VMCOREINFO that says otherwise does not belong to this file. */
    private static void checkPageSize(String name, VmcoreInfo info, long textOffset, int blockSize)
            throws FormatException {
        VmcoreInfoLocation where = new VmcoreInfoLocation(info, name, textOffset);
        if (info.pageSize().isEmpty()) {
            throw new FormatException(name, textOffset, "VMCOREINFO has no PAGESIZE line");
        }
        if (info.pageSize().getAsLong() != blockSize) {
            throw where.error("PAGESIZE", info.pageSize().getAsLong() + " disagrees with the header's block_size "
                    + blockSize);
        }
    }

    public KdumpReader reader() {
        return reader;
    }

    @Override
    public String name() {
        return path.toString();
    }

    @Override
    public int pageSize() {
        return reader.pageSize();
    }

    @Override
    public PhysicalMemoryMap memory() {
        return memory;
    }

    @Override
    public boolean excluded(long pfn) {
        // a part of a split dump alone: the other parts' pages are not here; a dump marked incomplete: the pages
        // it stopped before are not either
        return !partOf(pfn).has(pfn);
    }

    @Override
    public int dumpLevel() {
        return reader.subHeader().dumpLevel();
    }

    @Override
    public byte[] eraseInfo() throws IOException {
        if (set.isEmpty()) {
            return reader.eraseInfo();
        }
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (KdumpReader part : set.get().parts()) {
            all.writeBytes(part.eraseInfo()); // in part order, as --reassemble joins them
        }
        return all.toByteArray();
    }

    @Override
    public byte[] noteBytes() throws IOException {
        return reader.noteBytes();
    }

    @Override
    public Optional<NoteSpan> vmcoreInfoInNotes() {
        return reader.vmcoreInfoInNotes();
    }

    @Override
    public Optional<VmcoreInfo> vmcoreInfo() {
        return vmcoreInfo;
    }

    @Override
    public Optional<VmcoreInfoLocation> vmcoreInfoLocation() {
        return vmcoreInfo.map(i -> new VmcoreInfoLocation(i, name(), reader.subHeader().offsetVmcoreinfo()));
    }

    @Override
    public int cpuCount() {
        return reader.header().nrCpus();
    }

    /** As makedumpfile re-filtering: the header's utsname and timestamp, the sub header's phys_base. */
    @Override
    public DumpIdentity identity() {
        return new DumpIdentity(reader.header().utsname(), reader.header().timestampSeconds(),
                reader.subHeader().physBase());
    }

    @Override
    public OptionalLong directMapBase() {
        return OptionalLong.empty();
    }

    @Override
    public PageReader pageReader(boolean map) {
        java.util.Map<KdumpReader, KdumpReader.Pages> pagesByPart = new java.util.HashMap<>();
        return new PageReader() {
            @Override
            public void read(long pfn, byte[] dst, int at) throws IOException {
                KdumpReader part = partOf(pfn);
                if (!part.has(pfn)) {
                    throw new IOException(name() + ": pfn 0x" + Long.toHexString(pfn) + " is not in the dump"
                            + (part.split() && part.dumped(pfn) && !part.holds(pfn) ? " (in another part of the split dump)"
                            : part.holds(pfn) ? " (the dump is marked incomplete and stopped before it)" : ""));
                }
                try {
                    System.arraycopy(pagesByPart.computeIfAbsent(part, KdumpReader::newPages).read(pfn), 0, dst, at,
                            pageSize());
                } catch (FormatException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void close() throws IOException {
        if (set.isPresent()) {
            set.get().close();
        } else {
            reader.close();
        }
    }
}
