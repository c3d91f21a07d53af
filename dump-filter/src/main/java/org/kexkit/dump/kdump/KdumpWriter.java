package org.kexkit.dump.kdump;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.codec.PageCodec;
import org.kexkit.dump.filter.ExclusionClass;
import org.kexkit.dump.filter.PageFilter;
import org.kexkit.dump.filter.SourceFilter;
import org.kexkit.dump.io.DumpSink;
import org.kexkit.dump.source.DumpIdentity;
import org.kexkit.dump.source.NoteSpan;
import org.kexkit.dump.source.PfnRun;
import org.kexkit.dump.source.PhysicalMemoryMap;
import org.kexkit.dump.source.VmcoreSource;
import org.kexkit.dump.write.DumpProgress;
import org.kexkit.dump.write.DumpStatistics;
import org.kexkit.dump.write.IncompleteDumpException;
import org.kexkit.dump.write.PageEraser;

/**
 * Writes a vmcore (ELF, or a kdump file being filtered again) as a kdump-compressed file, in makedumpfile's order
 * (write_kdump_header, bitmaps, write_kdump_pages_and_bitmap_cyclic): header,
 * sub header with the PT_NOTE copy, both bitmaps, the descriptor table, then
 * page data in ascending pfn order (the shared zero page first under -d bit 1).
 *
 * <p>Memory: pages are read on the calling thread into batches of 128 pages,
 * encoded on {@code threads} workers (on the calling thread when one) and written in pfn order; at most
 * {@link #MAX_IN_FLIGHT} batches exist (each 2 x 128 pages: input and stored
 * bytes), so the heap cap is 8 x 1 MiB with 4 KiB pages plus a 64 KiB bitmap
 * chunk, whatever the vmcore's size. The source is mapped 4 MiB at a time
 * (address space, not heap). That fits the capture kernel's ~100 MiB.
 *
 * <p>Failure: with a seekable sink the file is a readable dump marked incomplete at
 * every moment, so that SIGKILL or power loss leaves one: the header goes first with
 * DUMP_DH_COMPRESSED_INCOMPLETE set, with the sub header and notes; the bitmaps and
 * the descriptor table are reserved (zero-filled: no page yet); then come
 * the bitmaps, the page data and their descriptors, a descriptor only once its data
 * is synced (a file system writes a file's dirty blocks back in any order, so a
 * descriptor written just after its data could reach the disk first, and power loss
 * or a write error would leave it pointing at data that is not there). The syncs run
 * on a thread of their own ({@link BackgroundSync}) while the next pages are written;
 * the first covers the header and the reserved space. Only after
 * all of it is synced is the header rewritten without the flag
 * (and synced again; the caller renames the file then). A reader takes a zero
 * descriptor, or one past the end of the file, of a dump so marked for a page
 * that is not there. On a full disk, an I/O error or {@link #cancel()} the flag
 * simply stays and {@link IncompleteDumpException} is thrown. A page the source
 * cannot give is skipped (descriptor left zero), counted, and never stops the dump;
 * the dump then keeps the flag (it lacks pages it meant to hold).
 * The finished file is byte for byte what it was before this ordering: the flag is
 * the only difference on the way.
 */
public final class KdumpWriter {
    /** Batches alive at once (reading, encoding, waiting to be written). */
    static final int MAX_IN_FLIGHT = 8;
    /** Pfns per bitmap chunk: 64 KiB of bitmap. */
    static final int BITMAP_CHUNK_PFNS = 8 * 65536;
    /** How many unreadable pfns the report names. */
    static final int UNREADABLE_SAMPLE = 8;
    /** Pfns whose classes are asked for at once (16 KiB of references). */
    static final int CLASS_RUN = 4096;
    /** Pages whose data and descriptors are written together. */
    static final int WRITE_GROUP = 32;
    /**
     * Descriptors held back for their data's sync, at most (48 KiB): a sync per this many pages, or per
     * {@link #SYNC_BYTES} of page data, whichever comes first. A 4 GiB machine's whole dump syncs about
     * 300 times, the writeback its final sync did anyway spread over the dump, each sync in the
     * background while the next pages are written. A kill or a lost write loses at most the pages
     * held, twice this many while a sync runs (their data may be in the file, undescribed).
     */
    static final int HELD_DESCRIPTORS = 2048;
    /** Page data written since the last sync at most: 2048 pages stored whole. */
    static final long SYNC_BYTES = 8L << 20;

    private final KdumpOptions options;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final boolean mapSource;
    private volatile DumpProgress progress = DumpProgress.NONE;
    private PageEraser eraser = PageEraser.NONE;
    private long splitBlockBytes = SplitBlocks.DEFAULT_BLOCK_BYTES;
    private int heldDescriptors = HELD_DESCRIPTORS;
    private long keptBitmapBytes = DumpablePfns.KEPT_BYTES;

    public KdumpWriter(KdumpOptions options) {
        this(options, true);
    }

    /** Without mapping the source, so tests exercise the read() path. */
    KdumpWriter(KdumpOptions options, boolean mapSource) {
        this.options = options;
        this.mapSource = mapSource;
    }

    /** Who is told of the page data phase's progress (called on the writing thread). */
    public KdumpWriter progress(DumpProgress progress) {
        this.progress = progress;
        return this;
    }

    /** Descriptors held for a sync at most (a multiple of {@link #WRITE_GROUP}); tests make dumps sync often. */
    KdumpWriter holdingAtMost(int descriptors) {
        if (descriptors <= 0 || descriptors % WRITE_GROUP != 0) {
            throw new IllegalArgumentException("descriptors held: " + descriptors);
        }
        this.heldDescriptors = descriptors;
        return this;
    }

    /** The largest second bitmap kept from the count; tests make the writer ask the filter again. */
    KdumpWriter keepingBitmapsOf(long bytes) {
        this.keptBitmapBytes = bytes;
        return this;
    }

    /**
     * The block a split dump's parts are cut on (makedumpfile --splitblock-size, here in bytes): a
     * multiple of the page size; smaller blocks give parts of closer sizes.
     */
    public KdumpWriter splitBlockSize(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("split block size must be positive, found " + bytes);
        }
        this.splitBlockBytes = bytes;
        return this;
    }

    /**
     * Who overwrites erased bytes in each page read, before the zero test and compression; its
     * eraseinfo text goes after the page data (in a split dump, after the last part's), the sub
     * header pointing at it.
     */
    public KdumpWriter eraser(PageEraser eraser) {
        this.eraser = eraser;
        return this;
    }

    /** Stops a running {@link #write} at the next batch; the file is marked incomplete. */
    public void cancel() {
        cancelled.set(true);
    }

    /**
     * Writes {@code vmcore}. Pages the source does not hold ({@link VmcoreSource#excluded})
     * stay out whatever the filter says; the sub header records {@link KdumpOptions#dumpLevel()},
     * which the caller has already combined with the source's level.
     */
    public DumpStatistics write(VmcoreSource vmcore, DumpSink sink) throws IOException, FormatException {
        return writeSplit(vmcore, List.of(sink));
    }

    /**
     * Writes {@code vmcore} as {@code sinks.size()} parts of a split dump (makedumpfile --split), one
     * after the other: each a whole kdump file (header, bitmaps, a descriptor table sized for every
     * dumpable page) whose sub header names the pfns [start_pfn, end_pfn) it holds pages of, the
     * parts cut where each holds about as many dumpable pages (makedumpfile's splitblocks). One
     * sink writes an ordinary dump. The statistics are those of the whole dump; a failure leaves the
     * part being written marked incomplete and the parts after it unwritten.
     */
    public DumpStatistics writeSplit(VmcoreSource vmcore, List<? extends DumpSink> sinks)
            throws IOException, FormatException {
        long started = System.nanoTime();
        PhysicalMemoryMap memory = vmcore.memory();
        int pageSize = vmcore.pageSize();
        byte[] notes = vmcore.noteBytes();
        PageFilter filter = SourceFilter.of(vmcore, options.filter());
        Map<ExclusionClass, Long> excluded = new EnumMap<>(ExclusionClass.class);
        if (splitBlockBytes % pageSize != 0) {
            throw new IllegalArgumentException("split block size " + splitBlockBytes + " is no multiple of the page size "
                    + pageSize);
        }
        SplitBlocks blocks = new SplitBlocks(memory.maxMapnr(), splitBlockBytes / pageSize);
        DumpablePfns pfns = DumpablePfns.of(filter, memory.maxMapnr(), keptBitmapBytes);
        long dumpable = countDumpable(memory, filter, excluded, blocks, pfns);
        List<PfnRun> parts = sinks.size() == 1 ? List.of(new PfnRun(0, memory.maxMapnr()))
                : blocks.parts(dumpable, sinks.size());
        KdumpLayout layout = KdumpLayout.of(pageSize, notes.length, memory.maxMapnr(), dumpable);
        Totals totals = new Totals();
        for (int i = 0; i < sinks.size(); i++) {
            Optional<PfnRun> part = sinks.size() == 1 ? Optional.empty() : Optional.of(parts.get(i));
            byte[] eraseInfo = i == sinks.size() - 1 ? eraseInfo(vmcore) : new byte[0];
            writePart(vmcore, sinks.get(i), part, layout, notes, eraseInfo, pfns, excluded, totals, started);
        }
        return totals.statistics(memory, excluded, true, started);
    }

    /** The source's eraseinfo (a dump erased before), then this dump's (makedumpfile's write_eraseinfo). */
    private byte[] eraseInfo(VmcoreSource vmcore) throws IOException {
        byte[] before = vmcore.eraseInfo();
        byte[] now = eraser.eraseInfo();
        byte[] all = java.util.Arrays.copyOf(before, before.length + now.length);
        System.arraycopy(now, 0, all, before.length, now.length);
        return all;
    }

    /** Page counts summed over the parts written. */
    private static final class Totals {
        long written;
        long bytes;
        long unreadable;
        final List<Long> unreadableSample = new ArrayList<>();

        void add(PageWriter pages) {
            written += pages.described;
            bytes += pages.dataOffset;
            unreadable += pages.unreadable;
            for (long pfn : pages.unreadableSample) {
                if (unreadableSample.size() < UNREADABLE_SAMPLE) {
                    unreadableSample.add(pfn);
                }
            }
        }

        DumpStatistics statistics(PhysicalMemoryMap memory, Map<ExclusionClass, Long> excluded, boolean complete,
                long started) {
            return new DumpStatistics(memory.maxMapnr(), memory.backedPages(), excluded, unreadable, unreadableSample,
                    written, bytes, complete, (System.nanoTime() - started) / 1e9);
        }
    }

    private void writePart(VmcoreSource vmcore, DumpSink sink, Optional<PfnRun> part, KdumpLayout layout, byte[] notes,
            byte[] eraseInfo, DumpablePfns pfns, Map<ExclusionClass, Long> excluded, Totals totals, long started)
            throws IOException, FormatException {
        PhysicalMemoryMap memory = vmcore.memory();
        DiskDumpHeader header = header(vmcore, layout);
        boolean seekable = sink.seekable();
        byte[] sub = subHeader(vmcore, layout, notes, part, 0, 0).toBytes();
        if (seekable) {
            // a file says "incomplete" until its last write; header, sub header and notes go in one write
            byte[] head = new byte[Math.toIntExact(layout.noteOffset() + notes.length)];
            System.arraycopy(header.withStatus(header.status() | KdumpFlags.INCOMPLETE).toBytes(), 0, head, 0,
                    DiskDumpHeader.SIZE);
            System.arraycopy(sub, 0, head, (int) layout.subHeaderOffset(), sub.length);
            System.arraycopy(notes, 0, head, (int) layout.noteOffset(), notes.length);
            sink.write(0, ByteBuffer.wrap(head));
        } else {
            // a stream cannot be rewritten: it keeps makedumpfile's records, the header as it ends
            sink.write(0, ByteBuffer.wrap(header.toBytes()));
            sink.write(layout.subHeaderOffset(), ByteBuffer.wrap(sub));
            if (notes.length > 0) {
                sink.write(layout.noteOffset(), ByteBuffer.wrap(notes));
            }
        }
        if (seekable) {
            // both bitmaps and the whole descriptor table (as makedumpfile sizes it in every part; a part fills only
            // its own share) as zeros: no page yet, and later rewrites there never need new disk space
            reserve(sink, layout.bitmap1Offset(), layout.dataOffset() - layout.bitmap1Offset());
        }
        PageWriter pages = new PageWriter(layout, sink, pfns, excluded, layout.dumpablePages());
        if (seekable) {
            // in the background: no descriptor is written before it ends, so nothing points at pages yet
            pages.sync.start();
        }
        try {
            writeBitmaps(memory, pfns, layout, sink);
            pages.writeAll(vmcore, part.orElse(new PfnRun(0, memory.maxMapnr())));
            if (eraseInfo.length > 0) {
                // after the last page's data, then the sub header rewritten to point at it (write_kdump_eraseinfo)
                long at = pages.dataOffset;
                sink.write(at, ByteBuffer.wrap(eraseInfo));
                sink.write(layout.subHeaderOffset(), ByteBuffer.wrap(subHeader(vmcore, layout, notes, part, at,
                        eraseInfo.length).toBytes()));
            }
            pages.writeHeld();
            if (seekable && pages.unreadable == 0) {
                sink.sync(); // every page and descriptor on disk before the header says the dump is whole
                sink.write(0, ByteBuffer.wrap(header.toBytes()));
            }
            // pages the source would not give: the dump lacks them, so its header keeps saying incomplete
            sink.finish();
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            // out of memory too (a small heap, a capture kernel's little RAM): the pages written stay a
            // dump marked incomplete, and the error says so like a full disk
            if (seekable) {
                // the pages whose data is in the file get their descriptors if a sync still succeeds (a full
                // disk, a cancel, out of memory; not after an I/O error): the table has its space already
                try {
                    pages.writeHeld();
                } catch (IOException | RuntimeException held) {
                    e.addSuppressed(held);
                }
            }
            totals.add(pages);
            DumpStatistics partial = totals.statistics(memory, excluded, false, started);
            if (!seekable) {
                throw e;
            }
            keepIncomplete(sink, header, e);
            throw new IncompleteDumpException(e, partial);
        } finally {
            pages.sync.close();
        }
        totals.add(pages);
    }

    private static long countDumpable(PhysicalMemoryMap memory, PageFilter filter, Map<ExclusionClass, Long> excluded,
            SplitBlocks blocks, DumpablePfns pfns) {
        // counted in an array, not the map: a million boxed merges cost more than the loop
        long[] counts = new long[ExclusionClass.values().length];
        ExclusionClass[] classes = new ExclusionClass[CLASS_RUN];
        for (PfnRun run : memory.runs()) {
            for (long from = run.start(); from < run.end(); from += CLASS_RUN) {
                int n = (int) Math.min(CLASS_RUN, run.end() - from);
                filter.exclusions(from, n, classes);
                for (int i = 0; i < n; i++) {
                    ExclusionClass why = classes[i];
                    counts[why.ordinal()]++;
                    if (why == ExclusionClass.NONE) {
                        blocks.dumpable(from + i);
                        pfns.dumpable(from + i);
                    }
                }
            }
        }
        for (ExclusionClass why : ExclusionClass.values()) {
            if (why != ExclusionClass.NONE && counts[why.ordinal()] > 0) {
                excluded.merge(why, counts[why.ordinal()], Long::sum);
            }
        }
        return counts[ExclusionClass.NONE.ordinal()];
    }

    private DiskDumpHeader header(VmcoreSource vmcore, KdumpLayout layout) throws IOException, FormatException {
        DumpIdentity id = vmcore.identity();
        int status = options.codec().map(PageCodec::flag).orElse(0);
        return new DiskDumpHeader(DiskDumpHeader.KDUMP_SIGNATURE, DiskDumpHeader.HEADER_VERSION, id.utsname(),
                id.crashTime(), 0, status, layout.blockSize(), layout.subHeaderBlocks(), layout.bitmapBlocks(),
                Math.min(layout.maxMapnr(), 0xffffffffL), vmcore.cpuCount());
    }

    private KdumpSubHeader subHeader(VmcoreSource vmcore, KdumpLayout layout, byte[] notes, Optional<PfnRun> part,
            long eraseInfoOffset, long eraseInfoSize) throws IOException, FormatException {
        long physBase = vmcore.identity().physBase();
        Optional<NoteSpan> info = vmcore.vmcoreInfoInNotes();
        long offsetInfo = info.map(i -> layout.noteOffset() + i.offset()).orElse(0L);
        long sizeInfo = info.map(NoteSpan::size).orElse(0L);
        long offsetNote = notes.length > 0 ? layout.noteOffset() : 0;
        int split = part.isPresent() ? 1 : 0;
        long start = part.map(PfnRun::start).orElse(0L);
        long end = part.map(PfnRun::end).orElse(0L);
        // start_pfn and end_pfn are cut to 32 bits; start_pfn_64 and end_pfn_64 hold them whole (write_kdump_header)
        return new KdumpSubHeader(physBase, options.dumpLevel(), split, Math.min(start, 0xffffffffL),
                Math.min(end, 0xffffffffL), offsetInfo, sizeInfo, offsetNote, notes.length, eraseInfoOffset, eraseInfoSize, start, end,
                layout.maxMapnr());
    }

    private static void writeBitmaps(PhysicalMemoryMap memory, DumpablePfns pfns, KdumpLayout layout, DumpSink sink)
            throws IOException {
        for (long from = 0; from < layout.bitmapBytes() * 8; from += BITMAP_CHUNK_PFNS) {
            int count = (int) Math.min(BITMAP_CHUNK_PFNS, layout.bitmapBytes() * 8 - from);
            byte[] first = new byte[count / 8];
            memory.fillBitmap(from, count, first);
            byte[] second = new byte[first.length];
            pfns.secondBitmap(from, first, second);
            sink.write(layout.bitmap1Offset() + from / 8, ByteBuffer.wrap(first));
            sink.write(layout.bitmap2Offset() + from / 8, ByteBuffer.wrap(second));
        }
    }

    /** Zero-fills [offset, offset + length) so later rewrites there never need new disk space. */
    private static void reserve(DumpSink sink, long offset, long length) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(length, 1 << 20));
        for (long done = 0; done < length; ) {
            int n = (int) Math.min(zeros.capacity(), length - done);
            sink.write(offset + done, zeros.clear().limit(n));
            done += n;
        }
    }

    /**
     * The header says incomplete already; it is written again (check_and_modify_kdump_headers) in
     * case the final rewrite was what failed, and synced with what was written before the stop.
     */
    private static void keepIncomplete(DumpSink sink, DiskDumpHeader header, Throwable cause) {
        try {
            sink.write(0, ByteBuffer.wrap(header.withStatus(header.status() | KdumpFlags.INCOMPLETE).toBytes()));
            sink.finish();
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** The page data phase: read, encode in parallel, write in pfn order. */
    private final class PageWriter {
        private final KdumpLayout layout;
        private final DumpSink sink;
        private final DumpablePfns pfns;
        private final Map<ExclusionClass, Long> excluded;
        private final List<Long> unreadableSample = new ArrayList<>();
        private final ArrayDeque<PageBatch> free = new ArrayDeque<>();
        private final ThreadLocal<PageCodec.Compressor> compressors;
        private final ThreadLocal<byte[]> scratch;
        private PageCodec.Compressor ownCompressor;
        private byte[] ownScratch;
        private PageDescriptor zeroPage;
        private long dataOffset;
        private long descriptorIndex;
        /** Descriptors in the file (the rest are held until their data is synced). */
        private long described;
        /** Descriptors of the data written since the last sync began. */
        private ByteBuffer held = ByteBuffer.allocate(heldDescriptors * PageDescriptor.SIZE)
                .order(ByteOrder.LITTLE_ENDIAN);
        /** Descriptors of the data the running sync covers: written once it has ended. */
        private ByteBuffer syncing = ByteBuffer.allocate(heldDescriptors * PageDescriptor.SIZE)
                .order(ByteOrder.LITTLE_ENDIAN);
        final BackgroundSync sync;
        private long unsynced;
        private boolean syncFailed;
        private long unreadable;
        private final long total;

        PageWriter(KdumpLayout layout, DumpSink sink, DumpablePfns pfns, Map<ExclusionClass, Long> excluded, long total) {
            this.total = total;
            this.layout = layout;
            this.sink = sink;
            this.pfns = pfns;
            this.excluded = excluded;
            this.dataOffset = layout.dataOffset();
            this.sync = new BackgroundSync(sink);
            int pageSize = layout.blockSize();
            this.compressors = ThreadLocal.withInitial(() -> options.codec().map(c -> c.newCompressor(pageSize)).orElse(null));
            this.scratch = ThreadLocal.withInitial(() -> new byte[2 * pageSize + 64]);
        }

        /** Writes the dumpable pages of the pfns in {@code part}. */
        void writeAll(VmcoreSource vmcore, PfnRun part) throws IOException {
            int pageSize = layout.blockSize();
            if (options.deduplicateZeroPages()) {
                // one zero page first; every zero page's descriptor points at it
                zeroPage = new PageDescriptor(dataOffset, pageSize, 0, 0);
                sink.write(dataOffset, ByteBuffer.allocate(pageSize));
                dataOffset += pageSize;
            }
            int threads = options.threads();
            // one thread (a capture kernel booted with nr_cpus=1): pages are encoded inline, as a worker
            // would only take turns with the reader on the one CPU and cost a thread start per dump; one
            // batch is then enough, written before the next is read
            boolean inline = threads == 1;
            int inFlight = inline ? 1 : Math.min(MAX_IN_FLIGHT, 2 * threads);
            for (int i = 0; i < inFlight; i++) {
                free.add(new PageBatch(pageSize));
            }
            ExecutorService workers = inline ? null : Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "kdump-compress");
                t.setDaemon(true);
                return t;
            });
            ArrayDeque<Future<PageBatch>> pending = new ArrayDeque<>();
            try (VmcoreSource.PageReader reader = vmcore.pageReader(mapSource)) {
                PageBatch batch = null;
                for (PfnRun run : vmcore.memory().runs()) {
                    long end = Math.min(run.end(), part.end());
                    for (long pfn = pfns.next(Math.max(run.start(), part.start()), end); pfn < end;
                            pfn = pfns.next(pfn + 1, end)) {
                        if (batch == null) {
                            if (free.isEmpty()) {
                                writeBatch(await(pending.poll()));
                            }
                            batch = free.poll();
                            batch.count = 0;
                        }
                        readPage(reader, pfn, batch);
                        if (batch.full()) {
                            pending.add(submit(workers, batch));
                            batch = null;
                        }
                    }
                }
                if (batch != null && batch.count > 0) {
                    pending.add(submit(workers, batch));
                }
                while (!pending.isEmpty()) {
                    writeBatch(await(pending.poll()));
                }
            } finally {
                if (workers != null) {
                    workers.shutdownNow();
                }
            }
        }

        private void readPage(VmcoreSource.PageReader reader, long pfn, PageBatch batch) {
            int i = batch.count++;
            batch.pfns[i] = pfn;
            try {
                reader.read(pfn, batch.pages, i * batch.pageSize);
                eraser.erase(pfn, batch.pages, i * batch.pageSize);
                batch.kinds[i] = PageBatch.Kind.RAW;
            } catch (IOException e) {
                batch.kinds[i] = PageBatch.Kind.UNREADABLE;
            }
        }

        private Future<PageBatch> submit(ExecutorService workers, PageBatch batch) throws InterruptedIOException {
            if (cancelled.get()) {
                throw new InterruptedIOException("interrupted");
            }
            int flag = options.codec().map(PageCodec::flag).orElse(0);
            boolean zeros = options.deduplicateZeroPages();
            if (workers == null) {
                if (ownScratch == null) {
                    // fields, not the thread locals: the calling thread outlives this writer
                    int pageSize = layout.blockSize();
                    ownScratch = new byte[2 * pageSize + 64];
                    ownCompressor = options.codec().map(c -> c.newCompressor(pageSize)).orElse(null);
                }
                batch.encode(ownCompressor, zeros, flag, ownScratch);
                return CompletableFuture.completedFuture(batch);
            }
            return workers.submit(() -> {
                batch.encode(compressors.get(), zeros, flag, scratch.get());
                return batch;
            });
        }

        private PageBatch await(Future<PageBatch> future) throws IOException {
            try {
                return future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                throw new IOException("page compression failed: " + cause, cause);
            }
        }

        /**
         * Data first, then its descriptors, {@link #WRITE_GROUP} pages at a time: a
         * descriptor never points at unwritten data, and a full disk loses at most
         * one group of pages that could have fitted.
         */
        private void writeBatch(PageBatch batch) throws IOException {
            if (cancelled.get()) {
                throw new InterruptedIOException("interrupted");
            }
            int storedAt = 0;
            for (int first = 0; first < batch.count; first += WRITE_GROUP) {
                int last = Math.min(batch.count, first + WRITE_GROUP);
                ByteBuffer descriptors = ByteBuffer.allocate((last - first) * PageDescriptor.SIZE)
                        .order(ByteOrder.LITTLE_ENDIAN);
                long at = dataOffset;
                for (int i = first; i < last; i++) {
                    descriptor(batch, i, at).write(descriptors);
                    if (batch.kinds[i] == PageBatch.Kind.RAW || batch.kinds[i] == PageBatch.Kind.COMPRESSED) {
                        at += batch.lengths[i];
                    }
                }
                int length = (int) (at - dataOffset);
                sink.write(dataOffset, ByteBuffer.wrap(batch.stored, storedAt, length));
                storedAt += length;
                dataOffset = at;
                unsynced += length;
                hold(descriptors.flip());
                descriptorIndex += last - first;
                count(batch, first, last);
            }
            free.add(batch);
            progress.pages(descriptorIndex, total);
        }

        /**
         * Keeps descriptors until their data is synced; a stream (nothing to sync, nothing rewritten)
         * takes them at once.
         */
        private void hold(ByteBuffer descriptors) throws IOException {
            if (!sink.seekable()) {
                writeDescriptors(descriptors);
                return;
            }
            if (held.remaining() < descriptors.remaining()) {
                rotate();
            }
            held.put(descriptors);
            if (!held.hasRemaining() || unsynced >= SYNC_BYTES) {
                rotate();
            }
        }

        /**
         * Waits for the running sync and writes the descriptors it covered, then starts syncing the
         * data written since, for the descriptors held now. The writer waits only when the disk is
         * slower than a held table's worth of pages.
         */
        private void rotate() throws IOException {
            settle();
            ByteBuffer covered = held;
            held = syncing;
            syncing = covered;
            unsynced = 0;
            sync.start();
        }

        /**
         * Waits for the running sync and writes the descriptors it covered. After a failed sync nothing
         * more is described: the kernel reports a lost writeback once, so a second sync may succeed over
         * data that is gone.
         */
        private void settle() throws IOException {
            if (!sync.running()) {
                return;
            }
            try {
                sync.await();
            } catch (IOException | RuntimeException | Error e) {
                syncFailed = true;
                throw e;
            }
            describe(syncing);
        }

        /**
         * Syncs all the data written and writes every descriptor held, waiting for it: at the end, or
         * after a stop.
         */
        void writeHeld() throws IOException {
            if (syncFailed) {
                return;
            }
            if (held.position() > 0) {
                rotate();
            }
            settle();
        }

        /** Writes {@code table}'s descriptors after those in the file, and empties it. */
        private void describe(ByteBuffer table) throws IOException {
            writeDescriptors(table.flip());
            table.clear();
        }

        /** Writes the descriptors {@code descriptors} holds (from its position) after those in the file. */
        private void writeDescriptors(ByteBuffer descriptors) throws IOException {
            int count = descriptors.remaining() / PageDescriptor.SIZE;
            if (count > 0) {
                sink.write(layout.descriptorsOffset() + described * PageDescriptor.SIZE, descriptors);
                described += count;
            }
        }

        private PageDescriptor descriptor(PageBatch batch, int i, long at) {
            return switch (batch.kinds[i]) {
                case UNREADABLE -> PageDescriptor.MISSING;
                case ZERO -> zeroPage;
                default -> new PageDescriptor(at, batch.lengths[i], batch.flags[i], 0);
            };
        }

        /** Statistics of pages that are now in the file. */
        private void count(PageBatch batch, int first, int last) {
            for (int i = first; i < last; i++) {
                if (batch.kinds[i] == PageBatch.Kind.UNREADABLE) {
                    unreadable++;
                    if (unreadableSample.size() < UNREADABLE_SAMPLE) {
                        unreadableSample.add(batch.pfns[i]);
                    }
                } else if (batch.kinds[i] == PageBatch.Kind.ZERO) {
                    excluded.merge(ExclusionClass.ZERO, 1L, Long::sum);
                }
            }
        }
    }
}
