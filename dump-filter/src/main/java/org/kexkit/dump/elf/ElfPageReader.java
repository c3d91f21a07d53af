package org.kexkit.dump.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import org.kexkit.dump.io.MappedWindows;
import org.kexkit.elfcore.ProgramHeader;

/**
 * Reads pages of an ELF vmcore, in one of three {@link Mode}s. Bytes of a page
 * outside its PT_LOAD's file data read as 0. One reader per thread.
 */
public final class ElfPageReader implements AutoCloseable {
    /** How pages are read. */
    public enum Mode {
        /** One pread per page. */
        SINGLE,
        /**
         * pread, and a run of ascending reads (small forward gaps allowed) grows the amount read
         * at once (doubling, up to {@link #MAX_READ_AHEAD}): a full dump reads a saved vmcore in
         * 512 KiB chunks, scattered reads stay one page each. Nothing is mapped, so no file pages
         * count in RSS.
         */
        READ_AHEAD,
        /**
         * Mapped windows of {@link #WINDOW}, for /proc/vmcore: its read() copies every page
         * through a temporary kernel mapping, its mmap maps the old memory itself (remap_pfn_range,
         * which no RSS counts), as makedumpfile uses it unless --non-mmap. Falls back to read()
         * where the kernel refuses the mapping or a mapped page faults.
         */
        MAPPED
    }

    /** The largest read at once: 128 pages of 4 KiB. */
    static final int MAX_READ_AHEAD = 512 << 10;
    /** Size of a mapped window (MAPPED). */
    static final int WINDOW = 4 << 20;

    private final FileChannel channel;
    /** The file, for messages. */
    private final String name;
    private final long sourceSize;
    private final int pageSize;
    private final boolean readAhead;
    private boolean mappable;
    private MappedByteBuffer mapped;
    private long mappedStart;
    private long mappedEnd;
    private final ByteBuffer buffer;
    /** File range the buffer holds: [bufferStart, bufferStart + buffer.limit()). */
    private long bufferStart = -1;
    /** Where the next read would start if the reads go on ascending. */
    private long nextSequential = -1;
    private int chunk;

    public ElfPageReader(FileChannel channel, String name, int pageSize, Mode mode) throws IOException {
        this.channel = channel;
        this.name = name;
        this.sourceSize = channel.size();
        this.pageSize = pageSize;
        this.readAhead = mode == Mode.READ_AHEAD;
        this.mappable = mode == Mode.MAPPED;
        this.buffer = ByteBuffer.allocateDirect(readAhead ? Math.max(MAX_READ_AHEAD, pageSize) : pageSize);
        this.chunk = pageSize;
    }

    /**
     * Copies page {@code pfn} of {@code load} into {@code dst} at {@code at}.
     *
     * @throws IOException if the source cannot give the bytes (the caller skips the page)
     */
    public void read(ProgramHeader load, long pfn, byte[] dst, int at) throws IOException {
        long address = pfn * pageSize;
        long dataStart = Math.max(address, load.paddr());
        long dataEnd = Math.min(address + pageSize, load.paddr() + load.filesz());
        if (dataStart != address || dataEnd != address + pageSize) {
            Arrays.fill(dst, at, at + pageSize, (byte) 0);
        }
        if (dataStart >= dataEnd) {
            return; // p_memsz beyond p_filesz: zero
        }
        long fileOffset = load.offset() + (dataStart - load.paddr());
        copy(fileOffset, (int) (dataEnd - dataStart), dst, at + (int) (dataStart - address));
    }

    private void copy(long fileOffset, int length, byte[] dst, int at) throws IOException {
        if (fileOffset + length > sourceSize) {
            throw new IOException(name + ": offset 0x" + Long.toHexString(fileOffset) + ": lies past the end of the file");
        }
        if (mappable && ensureMapped(fileOffset, length)) {
            try {
                mapped.get((int) (fileOffset - mappedStart), dst, at, length);
                return;
            } catch (InternalError e) {
                // SIGBUS on a mapped page (e.g. a /proc/vmcore hole): read() this page
            }
        }
        if (bufferStart < 0 || fileOffset < bufferStart || fileOffset + length > bufferStart + buffer.limit()) {
            try {
                fill(fileOffset, length, readAhead && ascending(fileOffset));
            } catch (IOException e) {
                // a read-ahead chunk fails whole if any page in it cannot be read (/proc/vmcore
                // returns the error, not a short count): read just this page
                nextSequential = -1;
                fill(fileOffset, length, false);
            }
        }
        buffer.get((int) (fileOffset - bufferStart), dst, at, length);
        nextSequential = fileOffset + length;
    }

    /**
     * Whether a read at {@code fileOffset} goes on the last ones: right after them or a little
     * further (less than what the next chunk would read), as the kept pages of a filtered dump
     * do; reading the gap too costs less than a system call per page.
     */
    private boolean ascending(long fileOffset) {
        return nextSequential >= 0 && fileOffset >= nextSequential && fileOffset - nextSequential < chunk;
    }

    /** Reads from {@code fileOffset}: one page, or more while the reads keep ascending. */
    private void fill(long fileOffset, int length, boolean ascending) throws IOException {
        if (ascending) {
            chunk = Math.min(buffer.capacity(), chunk * 2);
        } else {
            chunk = pageSize;
        }
        int want = (int) Math.min(Math.max(chunk, length), sourceSize - fileOffset);
        bufferStart = -1; // nothing valid until the read succeeds
        buffer.clear().limit(want);
        long position = fileOffset;
        while (buffer.position() < length) {
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new IOException(name + ": offset 0x" + Long.toHexString(position) + ": the file ends here");
            }
            position += n;
            if (n == 0) {
                break;
            }
        }
        if (buffer.position() < length) {
            throw new IOException(name + ": offset 0x" + Long.toHexString(position) + ": short read");
        }
        buffer.flip();
        bufferStart = fileOffset;
    }

    private boolean ensureMapped(long fileOffset, int length) {
        if (mapped != null && fileOffset >= mappedStart && fileOffset + length <= mappedEnd) {
            return true;
        }
        unmap();
        long start = fileOffset - fileOffset % pageSize;
        long size = Math.max(Math.min(WINDOW, sourceSize - start), fileOffset + length - start);
        try {
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, start, size);
            mappedStart = start;
            mappedEnd = start + size;
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            mappable = false; // a /proc/vmcore without mmap support: read() from now on
            return false;
        }
    }

    private void unmap() {
        if (mapped != null) {
            MappedWindows.unmap(mapped);
            mapped = null;
        }
    }

    @Override
    public void close() {
        unmap(); // the direct buffer is freed with the reader
    }
}
