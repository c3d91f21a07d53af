package org.kexkit.dump.kdump;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import org.kexkit.elfcore.ProgramHeader;

/**
 * Reads pages of an ELF vmcore with pread. With read-ahead on, a run of
 * ascending reads (small forward gaps allowed) grows the amount read at once
 * (doubling, up to {@link #MAX_READ_AHEAD}), so a full dump reads the source
 * in 512 KiB chunks while scattered reads stay one page each. Not
 * mapped: touched pages of a mapping count in the process's RSS, and a
 * capture kernel's /proc/vmcore may not support mmap at all. Bytes of a page
 * outside its PT_LOAD's file data read as 0. One reader per thread.
 */
public final class ElfPageReader implements AutoCloseable {
    /** The largest read at once: 128 pages of 4 KiB. */
    static final int MAX_READ_AHEAD = 512 << 10;

    private final FileChannel channel;
    private final long sourceSize;
    private final int pageSize;
    private final boolean readAhead;
    private final ByteBuffer buffer;
    /** File range the buffer holds: [bufferStart, bufferStart + buffer.limit()). */
    private long bufferStart = -1;
    /** Where the next read would start if the reads go on ascending. */
    private long nextSequential = -1;
    private int chunk;

    public ElfPageReader(FileChannel channel, int pageSize, boolean readAhead) throws IOException {
        this(channel, pageSize, readAhead, MAX_READ_AHEAD);
    }

    ElfPageReader(FileChannel channel, int pageSize, boolean readAhead, int maxReadAhead) throws IOException {
        this.channel = channel;
        this.sourceSize = channel.size();
        this.pageSize = pageSize;
        this.readAhead = readAhead;
        this.buffer = ByteBuffer.allocateDirect(readAhead ? Math.max(maxReadAhead, pageSize) : pageSize);
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
            throw new IOException("offset 0x" + Long.toHexString(fileOffset) + " lies past the end of the source");
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
                throw new IOException("source ended at 0x" + Long.toHexString(position));
            }
            position += n;
            if (n == 0) {
                break;
            }
        }
        if (buffer.position() < length) {
            throw new IOException("short read at 0x" + Long.toHexString(position));
        }
        buffer.flip();
        bufferStart = fileOffset;
    }

    @Override
    public void close() {
        // the direct buffer is freed with the reader
    }
}
