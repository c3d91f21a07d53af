package org.kexkit.dump.source;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.memory.VmcoreInfoLocation;
import org.kexkit.vmcoreinfo.VmcoreInfo;

/**
 * A source whose pages {@code unreadable} fail to read with EIO, as a page of /proc/vmcore over a
 * range the first kernel's memory does not back does; everything else is {@code source}'s. Or,
 * made by {@link #outOfMemory}, reading them runs out of memory, as a dump in a small heap does.
 */
public final class UnreadablePages implements VmcoreSource {
    private final VmcoreSource source;
    private final Set<Long> unreadable;
    private final boolean outOfMemory;

    public UnreadablePages(VmcoreSource source, Set<Long> unreadable) {
        this(source, unreadable, false);
    }

    private UnreadablePages(VmcoreSource source, Set<Long> unreadable, boolean outOfMemory) {
        this.source = source;
        this.unreadable = Set.copyOf(unreadable);
        this.outOfMemory = outOfMemory;
    }

    /** A source whose reading of the pages {@code at} throws OutOfMemoryError. */
    public static UnreadablePages outOfMemory(VmcoreSource source, Set<Long> at) {
        return new UnreadablePages(source, at, true);
    }

    @Override
    public PageReader pageReader(boolean map) throws IOException {
        PageReader reader = source.pageReader(map);
        return new PageReader() {
            @Override
            public void read(long pfn, byte[] dst, int at) throws IOException {
                if (unreadable.contains(pfn)) {
                    if (outOfMemory) {
                        throw new OutOfMemoryError("Java heap space");
                    }
                    throw new IOException("Input/output error");
                }
                reader.read(pfn, dst, at);
            }

            @Override
            public void close() {
                reader.close();
            }
        };
    }

    @Override
    public String name() {
        return source.name();
    }

    @Override
    public int pageSize() {
        return source.pageSize();
    }

    @Override
    public PhysicalMemoryMap memory() {
        return source.memory();
    }

    @Override
    public boolean excluded(long pfn) {
        return source.excluded(pfn);
    }

    @Override
    public int dumpLevel() {
        return source.dumpLevel();
    }

    @Override
    public byte[] noteBytes() throws IOException {
        return source.noteBytes();
    }

    @Override
    public Optional<NoteSpan> vmcoreInfoInNotes() {
        return source.vmcoreInfoInNotes();
    }

    @Override
    public Optional<VmcoreInfo> vmcoreInfo() {
        return source.vmcoreInfo();
    }

    @Override
    public Optional<VmcoreInfoLocation> vmcoreInfoLocation() {
        return source.vmcoreInfoLocation();
    }

    @Override
    public int cpuCount() {
        return source.cpuCount();
    }

    @Override
    public DumpIdentity identity() throws IOException, FormatException {
        return source.identity();
    }

    @Override
    public OptionalLong directMapBase() {
        return source.directMapBase();
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
