package org.kexkit.dump.kdump;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.DumpException;
import org.kexkit.dump.memory.KernelAddressSpace;
import org.kexkit.dump.memory.VmcoreInfoLocation;
import org.kexkit.elfcore.ElfCore;
import org.kexkit.elfcore.ElfCoreReader;
import org.kexkit.elfcore.ElfHeader;
import org.kexkit.elfcore.ElfNote;
import org.kexkit.elfcore.ProgramHeader;
import org.kexkit.vmcoreinfo.VmcoreInfo;

/**
 * An open ELF vmcore as the dump writers need it: the validated core, its
 * VMCOREINFO, the page size, which pfns it holds, and the PT_NOTE bytes that
 * the kdump sub header carries.
 */
public final class ElfVmcore implements VmcoreSource {
    /** Used when VMCOREINFO has no PAGESIZE (x86-64's only page size). */
    static final int DEFAULT_PAGE_SIZE = 4096;

    private final Path path;
    private final FileChannel channel;
    private final ElfCore core;
    private final Optional<VmcoreInfo> vmcoreInfo;
    private final int pageSize;
    private final PhysicalMemoryMap memory;
    /** Pfn ranges [start, end) of PT_LOADs past their file data (p_memsz > p_filesz), ascending. */
    private final long[][] noData;
    private DumpIdentity identity;

    private ElfVmcore(Path path, FileChannel channel, ElfCore core, Optional<VmcoreInfo> info, int pageSize) {
        this.path = path;
        this.channel = channel;
        this.core = core;
        this.vmcoreInfo = info;
        this.pageSize = pageSize;
        this.memory = PhysicalMemoryMap.of(core.loads(), pageSize);
        this.noData = noData(core.loads(), pageSize);
    }

    /**
     * makedumpfile exclude_nodata_pages: from the page holding the end of the
     * file data (rounded up) to the end of p_memsz (rounded up). Such pages come
     * from a filtered ELF dump (-E) and were excluded there.
     */
    private static long[][] noData(List<ProgramHeader> loads, int pageSize) {
        List<long[]> ranges = new ArrayList<>();
        for (ProgramHeader load : loads) {
            long from = (load.paddr() + load.filesz() + pageSize - 1) / pageSize;
            long to = (load.paddr() + load.memsz() + pageSize - 1) / pageSize;
            if (from < to) {
                ranges.add(new long[] {from, to});
            }
        }
        ranges.sort((a, b) -> Long.compare(a[0], b[0]));
        return ranges.toArray(long[][]::new);
    }

    public static ElfVmcore open(Path path) throws IOException, FormatException, DumpException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            ElfCore core = ElfCoreReader.read(channel, path.toString());
            if (core.dataEnd() > channel.size()) {
                throw new FormatException(path.toString(), channel.size(), "the file ends here, but its segments end at 0x"
                        + Long.toHexString(core.dataEnd()) + ": truncated");
            }
            Optional<VmcoreInfo> info = core.vmcoreInfo();
            long pageSize = pageSize(path, core, info);
            if (core.loads().isEmpty()) {
                throw new FormatException(path.toString(), core.header().programHeaderOffset(),
                        "no PT_LOAD segments, so no memory to dump");
            }
            return new ElfVmcore(path, channel, core, info, (int) pageSize);
        } catch (IOException | FormatException | RuntimeException e) {
            channel.close();
            throw e;
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
        for (long[] r : noData) {
            if (pfn < r[0]) {
                return false;
            }
            if (pfn < r[1]) {
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
        for (ProgramHeader load : core.loads()) {
            if (load.vaddr() != 0 && Long.compareUnsigned(load.vaddr(), KernelAddressSpace.START_KERNEL_MAP) < 0) {
                found = OptionalLong.of(load.vaddr() - load.paddr());
            }
        }
        return found;
    }

    @Override
    public PageReader pageReader(boolean map) throws IOException {
        return new ElfRunPageReader(new ElfPageReader(channel, pageSize, map ? fastMode() : ElfPageReader.Mode.SINGLE),
                memory);
    }

    /**
     * The fastest way to read many pages of this file: mapped windows on procfs (/proc/vmcore,
     * whose mmap maps the old memory directly and counts in no RSS), pread with read-ahead on a
     * saved file (whose mapped pages would count in RSS).
     */
    public ElfPageReader.Mode fastMode() {
        try {
            return "proc".equals(Files.getFileStore(path).type()) ? ElfPageReader.Mode.MAPPED : ElfPageReader.Mode.READ_AHEAD;
        } catch (IOException e) {
            return ElfPageReader.Mode.READ_AHEAD;
        }
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

    /**
     * Where the VMCOREINFO text sits inside {@link #noteBytes()}, as (offset, size),
     * or empty without such a note.
     */
    @Override
    public Optional<long[]> vmcoreInfoInNotes() {
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
                return Optional.of(new long[] {base + descOffset - ph.offset(), note.get().descSize()});
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

    /** Reads {@code length} bytes of physical memory, or empty if a page is not in the vmcore. */
    public Optional<byte[]> readPhysical(long address, int length) throws IOException {
        byte[] out = new byte[length];
        byte[] page = new byte[pageSize];
        try (ElfPageReader reader = new ElfPageReader(channel, pageSize, ElfPageReader.Mode.SINGLE)) {
            int done = 0;
            while (done < length) {
                long pfn = (address + done) / pageSize;
                int run = memory.runIndex(pfn);
                if (run < 0) {
                    return Optional.empty();
                }
                reader.read(memory.runs().get(run).load(), pfn, page, 0);
                int inPage = (int) ((address + done) % pageSize);
                int n = Math.min(length - done, pageSize - inPage);
                System.arraycopy(page, inPage, out, done, n);
                done += n;
            }
        }
        return Optional.of(out);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
