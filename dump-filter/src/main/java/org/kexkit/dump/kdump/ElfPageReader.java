package org.kexkit.dump.kdump;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import org.kexkit.dump.MappedWindows;
import org.kexkit.elfcore.ProgramHeader;

/**
 * Reads pages of an ELF vmcore through one mapped window at a time (unmapped
 * eagerly when the next is mapped), falling back to read() where the source
 * cannot be mapped. Bytes of a page outside its PT_LOAD's file data read as 0.
 * One reader per thread.
 */
public final class ElfPageReader implements AutoCloseable {
    /** Size of the mapped window: address space only, not heap. */
    static final int WINDOW = 4 << 20;

    private final FileChannel channel;
    private final long sourceSize;
    private final int pageSize;
    private final int window;
    private boolean mappable;
    private MappedByteBuffer mapped;
    private long mappedStart;
    private long mappedEnd;
    private final ByteBuffer readBuffer;

    public ElfPageReader(FileChannel channel, int pageSize, boolean map) throws IOException {
        this(channel, pageSize, map, WINDOW);
    }

    ElfPageReader(FileChannel channel, int pageSize, boolean map, int window) throws IOException {
        this.channel = channel;
        this.sourceSize = channel.size();
        this.pageSize = pageSize;
        this.mappable = map;
        this.window = Math.max(window, pageSize);
        this.readBuffer = ByteBuffer.allocate(pageSize);
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
        if (mappable && ensureMapped(fileOffset, length)) {
            try {
                mapped.get((int) (fileOffset - mappedStart), dst, at, length);
                return;
            } catch (InternalError e) {
                // SIGBUS on a mapped page (e.g. a /proc/vmcore hole): try read() for this page
            }
        }
        readBuffer.clear().limit(length);
        long position = fileOffset;
        while (readBuffer.hasRemaining()) {
            int n = channel.read(readBuffer, position);
            if (n < 0) {
                throw new IOException("source ended at 0x" + Long.toHexString(position));
            }
            position += n;
        }
        System.arraycopy(readBuffer.array(), 0, dst, at, length);
    }

    private boolean ensureMapped(long fileOffset, int length) {
        if (mapped != null && fileOffset >= mappedStart && fileOffset + length <= mappedEnd) {
            return true;
        }
        unmap();
        long start = fileOffset - fileOffset % pageSize;
        long size = Math.min(window, sourceSize - start);
        if (size < fileOffset + length - start) {
            size = fileOffset + length - start;
        }
        try {
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, start, size);
            mappedStart = start;
            mappedEnd = start + size;
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            mappable = false; // e.g. a /proc/vmcore without mmap support: read() from now on
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
        unmap();
    }
}
