package org.kexkit.dump.kdump;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.DumpException;
import org.kexkit.elfcore.ElfCore;
import org.kexkit.elfcore.ElfCoreReader;
import org.kexkit.elfcore.ElfNote;
import org.kexkit.elfcore.ProgramHeader;
import org.kexkit.vmcoreinfo.VmcoreInfo;

/**
 * An open ELF vmcore as the kdump writer needs it: the validated core, its
 * VMCOREINFO, the page size, which pfns it holds, and the PT_NOTE bytes that
 * the kdump sub header carries.
 */
public final class ElfVmcore implements AutoCloseable {
    /** Used when VMCOREINFO has no PAGESIZE (x86-64's only page size). */
    static final int DEFAULT_PAGE_SIZE = 4096;

    private final Path path;
    private final FileChannel channel;
    private final ElfCore core;
    private final Optional<VmcoreInfo> vmcoreInfo;
    private final int pageSize;
    private final PhysicalMemoryMap memory;

    private ElfVmcore(Path path, FileChannel channel, ElfCore core, Optional<VmcoreInfo> info, int pageSize) {
        this.path = path;
        this.channel = channel;
        this.core = core;
        this.vmcoreInfo = info;
        this.pageSize = pageSize;
        this.memory = PhysicalMemoryMap.of(core.loads(), pageSize);
    }

    public static ElfVmcore open(Path path) throws IOException, FormatException, DumpException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            ElfCore core = ElfCoreReader.read(channel, path.toString());
            if (core.dataEnd() > channel.size()) {
                throw new DumpException(path + ": segments end at 0x" + Long.toHexString(core.dataEnd())
                        + " but the file is 0x" + Long.toHexString(channel.size()) + " bytes");
            }
            Optional<VmcoreInfo> info = core.vmcoreInfo();
            long pageSize = info.flatMap(i -> i.pageSize().isPresent() ? Optional.of(i.pageSize().getAsLong())
                    : Optional.empty()).orElse((long) DEFAULT_PAGE_SIZE);
            if (pageSize < 512 || pageSize > (1 << 20) || Long.bitCount(pageSize) != 1) {
                throw new DumpException(path + ": VMCOREINFO PAGESIZE=" + pageSize + " is not a usable page size");
            }
            if (core.loads().isEmpty()) {
                throw new DumpException(path + ": no PT_LOAD segments, so no memory to dump");
            }
            return new ElfVmcore(path, channel, core, info, (int) pageSize);
        } catch (IOException | FormatException | DumpException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    public FileChannel channel() {
        return channel;
    }

    public ElfCore core() {
        return core;
    }

    public Optional<VmcoreInfo> vmcoreInfo() {
        return vmcoreInfo;
    }

    public int pageSize() {
        return pageSize;
    }

    public PhysicalMemoryMap memory() {
        return memory;
    }

    /** The PT_NOTE segments' bytes, concatenated (a /proc/vmcore has exactly one). */
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
    public int cpuCount() {
        return core.prStatusNotes().size();
    }

    /** Reads {@code length} bytes of physical memory, or empty if a page is not in the vmcore. */
    public Optional<byte[]> readPhysical(long address, int length) throws IOException {
        byte[] out = new byte[length];
        byte[] page = new byte[pageSize];
        try (ElfPageReader reader = new ElfPageReader(channel, pageSize, false)) {
            int done = 0;
            while (done < length) {
                long pfn = (address + done) / pageSize;
                Optional<PfnRun> run = memory.runs().stream()
                        .filter(r -> pfn >= r.start() && pfn < r.end()).findFirst();
                if (run.isEmpty()) {
                    return Optional.empty();
                }
                reader.read(run.get().load(), pfn, page, 0);
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
