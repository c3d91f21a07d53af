package org.kexkit.dump.usage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.List;
import org.kexkit.dump.kdump.PfnRun;
import org.kexkit.dump.kdump.PhysicalMemoryMap;
import org.kexkit.dump.memory.PhysicalMemory;
import org.kexkit.elfcore.ProgramHeader;

/**
 * Physical memory of an ELF core by positional reads through its PT_LOADs: works on
 * /proc/kcore, which cannot be mapped. Reads within one page go through a one-page cache
 * (page-table and struct page reads come in runs); larger reads go straight to the file.
 * Bytes past a load's p_filesz read as zero. Not thread-safe.
 */
public final class CoreFileMemory implements PhysicalMemory {
    private final FileChannel channel;
    private final String name;
    private final PhysicalMemoryMap map;
    private final List<PfnRun> runs;
    private final int pageSize;
    private final byte[] page;
    private long cachedPfn = -1;

    public CoreFileMemory(FileChannel channel, String name, PhysicalMemoryMap map) {
        this.channel = channel;
        this.name = name;
        this.map = map;
        this.runs = map.runs();
        this.pageSize = map.pageSize();
        this.page = new byte[pageSize];
    }

    @Override
    public boolean read(long paddr, byte[] dst, int at, int length) throws IOException {
        if (paddr < 0) {
            return false;
        }
        long pfn = paddr / pageSize;
        int in = (int) (paddr % pageSize);
        if (in + length <= pageSize) {
            if (pfn != cachedPfn) {
                if (!readDirect(pfn * pageSize, page, 0, pageSize)) {
                    return false;
                }
                cachedPfn = pfn;
            }
            System.arraycopy(page, in, dst, at, length);
            return true;
        }
        return readDirect(paddr, dst, at, length);
    }

    private boolean readDirect(long paddr, byte[] dst, int at, int length) throws IOException {
        int done = 0;
        while (done < length) {
            long a = paddr + done;
            PfnRun run = find(a / pageSize);
            if (run == null) {
                return false;
            }
            int n = (int) Math.min(length - done, run.end() * pageSize - a);
            fromLoad(run.load(), a, dst, at + done, n);
            done += n;
        }
        return true;
    }

    private void fromLoad(ProgramHeader load, long paddr, byte[] dst, int at, int length) throws IOException {
        int inFile = (int) Math.max(0, Math.min(length, load.paddr() + load.filesz() - paddr));
        ByteBuffer b = ByteBuffer.wrap(dst, at, inFile);
        long position = load.offset() + (paddr - load.paddr());
        while (b.hasRemaining()) {
            int n = channel.read(b, position + (b.position() - at));
            if (n < 0) {
                throw new IOException(name + ": offset 0x" + Long.toHexString(position + b.position() - at)
                        + ": the file ends inside PT_LOAD " + load.index());
            }
        }
        Arrays.fill(dst, at + inFile, at + length, (byte) 0);
    }

    private PfnRun find(long pfn) {
        int i = map.runIndex(pfn);
        return i < 0 ? null : runs.get(i);
    }

    @Override
    public String name() {
        return name;
    }
}
