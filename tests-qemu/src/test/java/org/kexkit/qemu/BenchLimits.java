package org.kexkit.qemu;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.kexkit.dump.codec.LzoCodec;
import org.kexkit.dump.codec.PageCodec;
import org.kexkit.dump.codec.ZstdCodec;
import org.kexkit.dump.elf.ElfVmcore;
import org.kexkit.dump.filter.DumpLevel;
import org.kexkit.dump.filter.ExclusionClass;
import org.kexkit.dump.filter.PageClassification;
import org.kexkit.dump.filter.PageFilter;
import org.kexkit.dump.filter.VmcoreClassifier;
import org.kexkit.dump.source.PfnRun;
import org.kexkit.dump.source.VmcoreSource;

/**
 * This machine's limits for the benchmark's cases (scripts/bench), one thread at a time: the rate
 * at which the vmcore is read from the page cache, and the time libzstd (level 1) and liblzo2
 * (LZO1X-1), through kexkit's bindings, take per core for the very pages a dump at -d 31 and -d 1
 * compresses (kept, not zero). Times are the thread's CPU time (what a core spends, whatever else
 * the machine runs); the read is also given in wall time. A dump cannot beat reading what it needs
 * (the kept pages, and at -d 31 every struct page) and compressing it: on 2 idle cores its floor
 * is max(read, (read + compress) / 2). Usage: BenchLimits VMCORE LABEL.
 */
public final class BenchLimits {
    /** sizeof(struct page) on x86-64 6.1 (VMCOREINFO SIZE(page)). */
    static final int STRUCT_PAGE = 64;

    private BenchLimits() {
    }

    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[0]);
        String label = args[1];
        double readRate = readRate(path);
        try (ElfVmcore v = ElfVmcore.open(path)) {
            long maxMapnr = v.memory().maxMapnr();
            System.out.printf("%s: page cache read %.2f GB/s (one thread's CPU, 1 MiB reads); %d pfns, %d backed%n", label,
                    readRate / 1e9, maxMapnr, v.memory().backedPages());
            long t0 = CPU.getCurrentThreadCpuTime();
            try (PageClassification c = VmcoreClassifier.classify(v, new DumpLevel(31))) {
                System.out.printf("%s: kexkit classifies the struct pages at -d 31 in %.2f s of CPU (one pass, C2)%n",
                        label, (CPU.getCurrentThreadCpuTime() - t0) / 1e9);
                measure(v, label, "-d 31", c, readRate, (double) maxMapnr * STRUCT_PAGE);
            }
            measure(v, label, "-d 1", PageFilter.KEEP_ALL, readRate, 0);
        }
    }

    static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    /** Bytes per second of CPU reading the file (the second of two reads, so it is cached as far as it fits). */
    static double readRate(Path path) throws Exception {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
            long size = ch.size();
            long wall = 0;
            long cpu = 0;
            for (int round = 0; round < 2; round++) {
                long t0 = System.nanoTime();
                long c0 = CPU.getCurrentThreadCpuTime();
                for (long at = 0; at < size; ) {
                    buf.clear();
                    int n = ch.read(buf, at);
                    if (n <= 0) {
                        break;
                    }
                    at += n;
                }
                cpu = CPU.getCurrentThreadCpuTime() - c0;
                wall = System.nanoTime() - t0;
            }
            System.out.printf("%s: read again: %.2f GB/s of CPU, %.2f GB/s of wall time%n", path, size / (cpu / 1e9) / 1e9,
                    size / (wall / 1e9) / 1e9);
            return size / (cpu / 1e9);
        }
    }

    /** Compresses a batch with each codec in turn, adding the thread's CPU time and the stored bytes. */
    static void compress(PageCodec.Compressor[] compressors, byte[] batch, int count, int pageSize, byte[] out, long[] nanos,
            long[] stored) {
        for (int c = 0; c < compressors.length; c++) {
            long t = CPU.getCurrentThreadCpuTime();
            for (int i = 0; i < count; i++) {
                int n = compressors[c].compress(batch, i * pageSize, pageSize, out);
                stored[c] += n < 0 ? pageSize : n;
            }
            nanos[c] += CPU.getCurrentThreadCpuTime() - t;
        }
    }

    static void measure(VmcoreSource v, String label, String level, PageFilter filter, double readRate,
            double structPageBytes) throws Exception {
        int pageSize = v.pageSize();
        PageCodec[] codecs = {new ZstdCodec(), new LzoCodec()};
        PageCodec.Compressor[] compressors = {codecs[0].newCompressor(pageSize), codecs[1].newCompressor(pageSize)};
        long[] nanos = new long[2];
        long[] stored = new long[2];
        byte[] page = new byte[pageSize];
        byte[] zero = new byte[pageSize];
        byte[] out = new byte[2 * pageSize + 64];
        long pages = 0;
        int batchPages = 256;
        byte[] batch = new byte[batchPages * pageSize];
        int inBatch = 0;
        try (VmcoreSource.PageReader reader = v.pageReader(true)) {
            for (PfnRun run : v.memory().runs()) {
                for (long pfn = run.start(); pfn < run.end(); pfn++) {
                    if (filter.exclusion(pfn) != ExclusionClass.NONE || v.excluded(pfn)) {
                        continue;
                    }
                    reader.read(pfn, page, 0);
                    if (Arrays.equals(page, zero)) {
                        continue; // -d bit 1: stored once, never compressed
                    }
                    System.arraycopy(page, 0, batch, inBatch++ * pageSize, pageSize);
                    pages++;
                    if (inBatch == batchPages) {
                        compress(compressors, batch, inBatch, pageSize, out, nanos, stored);
                        inBatch = 0;
                    }
                }
            }
        }
        compress(compressors, batch, inBatch, pageSize, out, nanos, stored);
        double bytes = (double) pages * pageSize;
        double read = (bytes + structPageBytes) / readRate;
        for (int c = 0; c < 2; c++) {
            double compress = nanos[c] / 1e9;
            double floor = Math.max(read, (read + compress) / 2);
            System.out.printf("%s %s %s: %d pages to compress (%.0f MiB%s): read %.2f s, %s %.2f s on one core "
                    + "(%.0f MB/s, to %.0f MiB): floor on 2 idle cores %.2f s%n", label, level, c == 0 ? "-z" : "-l", pages,
                    bytes / 1048576, structPageBytes > 0 ? String.format(" + %.0f MiB of struct pages", structPageBytes / 1048576)
                    : "", read, codecs[c].name(), compress, bytes / compress / 1e6, stored[c] / 1048576.0, floor);
        }
    }
}
