package org.kexkit.dump.pmem;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.kexkit.bin.FormatException;
import org.kexkit.bin.PhysRange;
import org.kexkit.dump.memory.VmcoreInfoLocation;
import org.kexkit.dump.source.DumpIdentity;
import org.kexkit.dump.source.NoteSpan;
import org.kexkit.dump.source.PfnRun;
import org.kexkit.dump.source.PhysicalMemoryMap;
import org.kexkit.dump.source.VmcoreSource;
import org.kexkit.pmem.NamespaceBytes;
import org.kexkit.pmem.PmemLayout;
import org.kexkit.pmem.PmemLayoutNote;
import org.kexkit.pmem.PmemNamespace;
import org.kexkit.vmcoreinfo.VmcoreInfo;

/**
 * A vmcore whose core header left pmem out (kexec_file_load: the kernel builds it, and no kernel
 * lists pmem), with the pmem added back as the pages of their physical addresses: every pmem pfn
 * is backed (so a dump's bitmaps cover it and the filter counts it), the metadata of each namespace
 * reads from that namespace's raw device, and the user data has no content (it is never dumped).
 * The layout goes into the notes as kexkit's pmem note, so the dump carries it as a -c dump does.
 */
public final class PmemMetadataSource implements VmcoreSource {
    private final VmcoreSource base;
    private final PmemLayout layout;
    private final PhysicalMemoryMap memory;
    private final PhysicalMemoryMap readable;
    private final List<Readable> parts;

    /** A metadata range and the device it reads from. */
    private record Readable(PhysRange range, long deviceStart, NamespaceBytes device) {
    }

    /**
     * @param devices the raw device of each namespace whose metadata can be read, by namespace name;
     *                metadata of a namespace without one stays unreadable (counted as not in the source)
     */
    public PmemMetadataSource(VmcoreSource base, PmemLayout layout, Map<String, NamespaceBytes> devices) {
        this.base = base;
        this.layout = layout;
        int pageSize = base.pageSize();
        int shift = Integer.numberOfTrailingZeros(pageSize);
        List<PfnRun> runs = new ArrayList<>(base.memory().runs());
        long maxMapnr = base.memory().maxMapnr();
        for (PhysRange r : layout.pmemRanges()) {
            PfnRun run = new PfnRun(r.start() >>> shift, (r.end() + pageSize - 1) >>> shift);
            if (base.memory().runs().stream().noneMatch(b -> b.start() < run.end() && run.start() < b.end())) {
                runs.add(run);
                maxMapnr = Math.max(maxMapnr, run.end());
            }
        }
        runs.sort((a, b) -> Long.compare(a.start(), b.start()));
        this.memory = PhysicalMemoryMap.ofRuns(runs, maxMapnr, pageSize);
        this.parts = new ArrayList<>();
        List<PhysRange> readableRanges = new ArrayList<>();
        for (PmemNamespace ns : layout.namespaces()) {
            NamespaceBytes device = devices.get(ns.name());
            if (device != null && ns.metadata().isPresent()) {
                parts.add(new Readable(ns.metadata().get(), ns.range().start(), device));
                readableRanges.add(ns.metadata().get());
            }
        }
        this.readable = PhysicalMemoryMap.of(readableRanges, pageSize);
    }

    @Override
    public String name() {
        return base.name();
    }

    @Override
    public int pageSize() {
        return base.pageSize();
    }

    @Override
    public PhysicalMemoryMap memory() {
        return memory;
    }

    @Override
    public boolean excluded(long pfn) {
        if (base.memory().backed(pfn)) {
            return base.excluded(pfn);
        }
        return !readable.backed(pfn);
    }

    @Override
    public int dumpLevel() {
        return base.dumpLevel();
    }

    @Override
    public byte[] eraseInfo() throws IOException {
        return base.eraseInfo();
    }

    @Override
    public byte[] noteBytes() throws IOException {
        byte[] notes = base.noteBytes();
        byte[] note = PmemLayoutNote.encode(layout);
        byte[] out = java.util.Arrays.copyOf(notes, notes.length + note.length);
        System.arraycopy(note, 0, out, notes.length, note.length);
        return out;
    }

    @Override
    public Optional<NoteSpan> vmcoreInfoInNotes() {
        return base.vmcoreInfoInNotes();
    }

    @Override
    public Optional<VmcoreInfo> vmcoreInfo() {
        return base.vmcoreInfo();
    }

    @Override
    public Optional<VmcoreInfoLocation> vmcoreInfoLocation() {
        return base.vmcoreInfoLocation();
    }

    @Override
    public int cpuCount() {
        return base.cpuCount();
    }

    @Override
    public DumpIdentity identity() throws IOException, FormatException {
        return base.identity();
    }

    @Override
    public OptionalLong directMapBase() {
        return base.directMapBase();
    }

    @Override
    public PageReader pageReader(boolean map) throws IOException {
        PageReader inner = base.pageReader(map);
        int pageSize = base.pageSize();
        return new PageReader() {
            @Override
            public void read(long pfn, byte[] dst, int at) throws IOException {
                if (base.memory().backed(pfn)) {
                    inner.read(pfn, dst, at);
                    return;
                }
                long paddr = pfn * pageSize;
                for (Readable p : parts) {
                    if (p.range().contains(paddr)) {
                        int n = p.device().read(paddr - p.deviceStart(), dst, at, pageSize);
                        if (n != pageSize) {
                            throw new IOException(String.format("%s: offset 0x%x: the device ends inside this page",
                                    p.device().name(), paddr - p.deviceStart()));
                        }
                        return;
                    }
                }
                throw new IOException(String.format("%s: pfn 0x%x is pmem user data, which is not read", base.name(), pfn));
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }

    @Override
    public String absenceText(int length) {
        return base.absenceText(length);
    }

    @Override
    public void close() throws IOException {
        base.close();
    }
}
