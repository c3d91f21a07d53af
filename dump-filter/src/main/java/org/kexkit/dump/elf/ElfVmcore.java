package org.kexkit.dump.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.kexkit.bin.FormatException;
import org.kexkit.bin.PhysRange;
import org.kexkit.dump.DumpException;
import org.kexkit.dump.memory.KernelAddressSpace;
import org.kexkit.dump.memory.VmcoreInfoLocation;
import org.kexkit.dump.source.DumpIdentity;
import org.kexkit.dump.source.NoteSpan;
import org.kexkit.dump.source.PfnRun;
import org.kexkit.dump.source.PhysicalMemoryMap;
import org.kexkit.dump.source.VmcoreSource;
import org.kexkit.elfcore.ElfCore;
import org.kexkit.elfcore.ElfCoreReader;
import org.kexkit.elfcore.ElfHeader;
import org.kexkit.elfcore.ElfNote;
import org.kexkit.elfcore.ProgramHeader;
import org.kexkit.vmcoreinfo.VmcoreInfo;

/**
 * An open ELF vmcore as the dump writers and readers need it: the validated core, its
 * VMCOREINFO, the page size, which pfns it holds and in which PT_LOAD, and the PT_NOTE bytes
 * that the kdump sub header carries. Also opens the running kernel's /proc/kcore (or any ELF
 * core), keeping only the PT_LOADs of physical memory ({@link #openCore}).
 */
public final class ElfVmcore implements VmcoreSource {
    /** Used when VMCOREINFO has no PAGESIZE (x86-64's only page size). */
    static final int DEFAULT_PAGE_SIZE = 4096;
    /** Where procfs is mounted, /proc/vmcore among its files. */
    private static final Path PROC = Path.of("/proc");

    private final Path path;
    private final FileChannel channel;
    private final ElfCore core;
    /** The PT_LOADs the memory map was made of, in its order (those with bytes of memory). */
    private final List<ProgramHeader> loads;
    private final Optional<VmcoreInfo> vmcoreInfo;
    private final int pageSize;
    /** x86-64 physical addresses have at most 52 bits (MAXPHYADDR, Intel SDM vol. 3 4.1.4). */
    static final long MAX_PHYSICAL = 1L << 52;

    private final PhysicalMemoryMap memory;
    private final ElfPageReader.Mode streaming;
    /** Pfn ranges [start, end) of PT_LOADs past their file data (p_memsz > p_filesz), ascending. */
    private final List<PfnRun> noData;
    private DumpIdentity identity;

    private ElfVmcore(Path path, FileChannel channel, ElfCore core, List<ProgramHeader> loads, Optional<VmcoreInfo> info,
            int pageSize, ElfPageReader.Mode streaming, long fileSize) {
        this.path = path;
        this.channel = channel;
        this.core = core;
        this.loads = loads.stream().filter(l -> l.memsz() > 0).toList();
        this.vmcoreInfo = info;
        this.pageSize = pageSize;
        this.memory = PhysicalMemoryMap.of(this.loads.stream().map(l -> PhysRange.ofSize(l.paddr(), l.memsz())).toList(),
                pageSize);
        this.streaming = streaming;
        this.noData = noData(this.loads, pageSize, fileSize);
    }

    /**
     * makedumpfile exclude_nodata_pages: from the page holding the end of the
     * file data (rounded up) to the end of p_memsz (rounded up). Such pages come
     * from a filtered ELF dump (-E) and were excluded there, or from one that
     * stopped before them.
     */
    private static List<PfnRun> noData(List<ProgramHeader> loads, int pageSize, long fileSize) {
        List<PfnRun> ranges = new ArrayList<>();
        for (ProgramHeader load : loads) {
            // a dump marked incomplete (DUMP_ELF_INCOMPLETE) ends early: its segments' data stops at the end of the
            // file, whole pages only (a page cut short is not there)
            long inFile = Math.max(0, Math.min(load.filesz(), fileSize - load.offset()));
            long from = inFile < load.filesz() ? (load.paddr() + inFile) / pageSize
                    : (load.paddr() + load.filesz() + pageSize - 1) / pageSize;
            long to = (load.paddr() + load.memsz() + pageSize - 1) / pageSize;
            if (from < to) {
                ranges.add(new PfnRun(from, to));
            }
        }
        ranges.sort(Comparator.comparingLong(PfnRun::start));
        return List.copyOf(ranges);
    }

    /** A vmcore (/proc/vmcore or a saved one): every PT_LOAD is memory. */
    public static ElfVmcore open(Path path) throws IOException, FormatException, DumpException {
        return open(path, ElfCore::loads, true);
    }

    /**
     * Any ELF core of a kernel's memory, the running kernel's /proc/kcore included: only the
     * PT_LOADs with a physical address, direct map before kernel text, less the ranges in
     * {@code exclude} ({@link RamLoads}); read with pread, since /proc/kcore cannot be mapped.
     *
     * @param exclude physical ranges no vmcore would hold: the crash kernel's reservation on a live system
     */
    public static ElfVmcore openCore(Path path, List<PhysRange> exclude) throws IOException, FormatException,
            DumpException {
        return open(path, core -> RamLoads.select(core.loads(), exclude), false);
    }

    private static ElfVmcore open(Path path, Function<ElfCore, List<ProgramHeader>> memoryLoads, boolean vmcore)
            throws IOException, FormatException, DumpException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            ElfCore core = ElfCoreReader.read(channel, path.toString());
            boolean incomplete = (core.header().flags() & ElfDumpWriter.DUMP_ELF_INCOMPLETE) != 0;
            if (core.dataEnd() > channel.size() && !incomplete) {
                throw new FormatException(path.toString(), channel.size(), "the file ends here, but its segments end at 0x"
                        + Long.toHexString(core.dataEnd()) + ": truncated");
            }
            Optional<VmcoreInfo> info = core.vmcoreInfo();
            long pageSize = pageSize(path, core, info);
            List<ProgramHeader> loads = memoryLoads.apply(core);
            if (loads.isEmpty() && vmcore) {
                throw new FormatException(path.toString(), core.header().programHeaderOffset(),
                        "no PT_LOAD segments, so no memory to dump");
            }
            if (loads.isEmpty()) {
                throw new DumpException(path + ": no PT_LOAD with a physical address, so no physical memory to read");
            }
            for (ProgramHeader load : loads) {
                checkPhysical(path.toString(), load);
            }
            ElfPageReader.Mode streaming = vmcore ? fastMode(path) : ElfPageReader.Mode.READ_AHEAD;
            return new ElfVmcore(path, channel, core, loads, info, (int) pageSize, streaming, channel.size());
        } catch (IOException | FormatException | DumpException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * A PT_LOAD of memory must lie below x86-64's largest physical address (2^52, the architectural
     * MAXPHYADDR limit): a p_paddr + p_memsz past it, or past 2^64, is a corrupt header, and would
     * otherwise become negative page frame numbers.
     */
    private static void checkPhysical(String source, ProgramHeader load) throws FormatException {
        long end = load.paddr() + load.memsz();
        if (load.paddr() < 0 || load.memsz() < 0 || end < 0 || end > MAX_PHYSICAL) {
            throw new FormatException(source, load.entryOffset(), "PT_LOAD " + load.index() + ": expected physical memory"
                    + " below 2^52, found p_paddr 0x" + Long.toHexString(load.paddr()) + " p_memsz 0x"
                    + Long.toHexString(load.memsz()));
        }
    }

    /**
     * PAGESIZE from VMCOREINFO. A vmcore without VMCOREINFO is taken as x86-64's
     * 4 KiB (makedumpfile falls back to its own page size); a VMCOREINFO without
     * PAGESIZE, or with a value no kernel has, is inconsistent and refused.
     */
    private static long pageSize(Path path, ElfCore core, Optional<VmcoreInfo> info) throws FormatException {
        if (info.isEmpty()) {
            return DEFAULT_PAGE_SIZE;
        }
        long text = core.vmcoreInfoNote().get().descOffset();
        VmcoreInfoLocation where = new VmcoreInfoLocation(info.get(), path.toString(), text);
        if (info.get().pageSize().isEmpty()) {
            throw new FormatException(path.toString(), text, "VMCOREINFO has no PAGESIZE line");
        }
        long pageSize = info.get().pageSize().getAsLong();
        if (pageSize < 512 || pageSize > (1 << 20) || Long.bitCount(pageSize) != 1) {
            throw where.error("PAGESIZE", pageSize + " is not a usable page size (a power of two, 512 to 1 MiB)");
        }
        return pageSize;
    }

    public Path path() {
        return path;
    }

    @Override
    public String name() {
        return path.toString();
    }

    @Override
    public boolean excluded(long pfn) {
        // asked for every pfn several times per dump: an indexed loop, no iterator (the launcher's C1 allocates one)
        for (int i = 0; i < noData.size(); i++) {
            PfnRun r = noData.get(i);
            if (pfn < r.start()) {
                return false;
            }
            if (pfn < r.end()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int dumpLevel() {
        return 0;
    }

    @Override
    public Optional<VmcoreInfoLocation> vmcoreInfoLocation() {
        return vmcoreInfo.map(i -> new VmcoreInfoLocation(i, path.toString(), core.vmcoreInfoNote().get().descOffset()));
    }

    @Override
    public DumpIdentity identity() throws IOException, FormatException {
        if (identity == null) {
            identity = DumpIdentity.of(this);
        }
        return identity;
    }

    /** p_vaddr - p_paddr of the last PT_LOAD below __START_KERNEL_map (makedumpfile get_page_offset_x86_64). */
    @Override
    public OptionalLong directMapBase() {
        OptionalLong found = OptionalLong.empty();
        for (ProgramHeader load : loads) {
            if (load.vaddr() != 0 && Long.compareUnsigned(load.vaddr(), KernelAddressSpace.START_KERNEL_MAP) < 0) {
                found = OptionalLong.of(load.vaddr() - load.paddr());
            }
        }
        return found;
    }

    @Override
    public PageReader pageReader(boolean map) throws IOException {
        return new ElfRunPageReader(new ElfPageReader(channel, path.toString(), pageSize, map ? streaming : ElfPageReader.Mode.SINGLE), this);
    }

    /**
     * The fastest way to read many pages of a vmcore: mapped windows on procfs (/proc/vmcore,
     * whose mmap maps the old memory directly and counts in no RSS), pread with read-ahead on a
     * saved file (whose mapped pages would count in RSS).
     */
    private static ElfPageReader.Mode fastMode(Path path) {
        // procfs is the filesystem of /proc: the same st_dev, two stat calls (the file's FileStore would read
        // the whole mount table on every open)
        try {
            Object device = Files.getAttribute(path, "unix:dev");
            return device.equals(Files.getAttribute(PROC, "unix:dev")) ? ElfPageReader.Mode.MAPPED
                    : ElfPageReader.Mode.READ_AHEAD;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return ElfPageReader.Mode.READ_AHEAD;
        }
    }

    /** How this source is read page after page (see {@link #fastMode}). */
    public ElfPageReader.Mode fastMode() {
        return streaming;
    }

    /** The PT_LOAD that holds run {@code runIndex} of {@link #memory()}. */
    public ProgramHeader runLoad(int runIndex) {
        return loads.get(memory.origin(runIndex));
    }

    /** The PT_LOADs of memory, in the order the memory map was made of them. */
    public List<ProgramHeader> loads() {
        return loads;
    }

    @Override
    public String absenceText(int length) {
        return String.format("not in the core (no PT_LOAD with a physical address holds its 0x%x bytes)", length);
    }

    /** The first 64 bytes of the file: the ELF header, which an ELF dump copies. */
    public byte[] elfHeaderBytes() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(ElfHeader.SIZE);
        while (b.hasRemaining()) {
            if (channel.read(b, b.position()) < 0) {
                throw new IOException(path + ": the file ends inside the ELF header");
            }
        }
        return b.array();
    }

    public FileChannel channel() {
        return channel;
    }

    public ElfCore core() {
        return core;
    }

    @Override
    public Optional<VmcoreInfo> vmcoreInfo() {
        return vmcoreInfo;
    }

    @Override
    public int pageSize() {
        return pageSize;
    }

    @Override
    public PhysicalMemoryMap memory() {
        return memory;
    }

    /** The PT_NOTE segments' bytes, concatenated (a /proc/vmcore has exactly one). */
    @Override
    public byte[] noteBytes() throws IOException {
        List<ProgramHeader> notes = core.programHeaders().stream().filter(ProgramHeader::isNote).toList();
        long total = notes.stream().mapToLong(ProgramHeader::filesz).sum();
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(total));
        for (ProgramHeader note : notes) {
            ByteBuffer part = out.slice().limit((int) note.filesz());
            long at = note.offset();
            while (part.hasRemaining()) {
                int n = channel.read(part, at);
                if (n < 0) {
                    throw new IOException(path + ": PT_NOTE " + note.index() + " runs past the end of the file");
                }
                at += n;
            }
            out.position(out.position() + (int) note.filesz());
        }
        return out.array();
    }

    /** Where the VMCOREINFO text sits inside {@link #noteBytes()}, or empty without such a note. */
    @Override
    public Optional<NoteSpan> vmcoreInfoInNotes() {
        Optional<ElfNote> note = core.vmcoreInfoNote();
        if (note.isEmpty()) {
            return Optional.empty();
        }
        long base = 0;
        for (ProgramHeader ph : core.programHeaders()) {
            if (!ph.isNote()) {
                continue;
            }
            long descOffset = note.get().descOffset();
            if (descOffset >= ph.offset() && descOffset < ph.fileEnd()) {
                return Optional.of(new NoteSpan(base + descOffset - ph.offset(), note.get().descSize()));
            }
            base += ph.filesz();
        }
        return Optional.empty();
    }

    /** Number of CPUs: one NT_PRSTATUS note each (get_nr_cpus counts the same notes). */
    @Override
    public int cpuCount() {
        return core.prStatusNotes().size();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
