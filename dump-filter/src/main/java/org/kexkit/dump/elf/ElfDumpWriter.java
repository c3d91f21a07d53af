package org.kexkit.dump.elf;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.kexkit.bin.Elf64;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.filter.ExclusionClass;
import org.kexkit.dump.filter.PageFilter;
import org.kexkit.dump.filter.SourceFilter;
import org.kexkit.dump.io.DumpSink;
import org.kexkit.dump.source.PfnRun;
import org.kexkit.dump.write.DumpStatistics;
import org.kexkit.dump.write.IncompleteDumpException;
import org.kexkit.dump.write.PageEraser;
import org.kexkit.elfcore.ElfHeader;
import org.kexkit.elfcore.NoteWriter;
import org.kexkit.elfcore.ProgramHeader;
import org.kexkit.elfcore.SectionHeader;

/**
 * Writes an ELF vmcore of the dumped pages, as makedumpfile -E does
 * (write_elf_header, write_elf_pages_cyclic): the input's ELF header with the
 * new program header count, one PT_NOTE with the input's notes, then the
 * PT_LOADs of {@link ElfLoadPlanner}, their data back to back after the notes
 * (not page-aligned, as makedumpfile writes them). Pages are not compressed.
 *
 * <p>Zero pages (dump level bit 1) must be known before the program headers
 * are, so every page that the level keeps is read twice: once to find the zero
 * pages, once to copy it (makedumpfile exclude_zero_pages_cyclic does the same).
 * Memory: one bit per pfn plus a 1 MiB copy buffer; the source is read through
 * 32 MiB mapped windows.
 *
 * <p>Failure: a seekable sink's file is a dump marked incomplete at every moment,
 * so that SIGKILL or power loss leaves one: the headers and notes go first, in one
 * write, with e_flags bit DUMP_ELF_INCOMPLETE (makedumpfile
 * check_and_modify_elf_headers) and are synced; the header loses the bit only after
 * every segment is synced. If the sink stops (full disk, I/O error, {@link #cancel()})
 * the bit stays and {@link IncompleteDumpException} is thrown; the PT_LOADs whose
 * data was not written point past the end of the file, which readers take as absent.
 */
public final class ElfDumpWriter {
    /** DUMP_ELF_INCOMPLETE (makedumpfile.c): set in e_flags of a dump that was cut short. */
    public static final int DUMP_ELF_INCOMPLETE = (int) ElfHeader.DUMP_ELF_INCOMPLETE;
    /** Data is copied and written this many bytes at a time. */
    static final int CHUNK = 1 << 20;
    /** How many unreadable pfns the report names. */
    static final int UNREADABLE_SAMPLE = 8;

    private final int dumpLevel;
    private final PageFilter filter;
    private final boolean mapSource;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private PageEraser eraser = PageEraser.NONE;
    /** The note makedumpfile appends to PT_NOTE with the eraseinfo text (elf_info.h ERASEINFO_NOTE_NAME, type 0). */
    static final String ERASEINFO_NOTE = "ERASEINFO";

    /**
     * @param dumpLevel makedumpfile's -d: bit 1 leaves out zero pages, the others belong to {@code filter}
     * @param filter    the page classes the level leaves out
     */
    public ElfDumpWriter(int dumpLevel, PageFilter filter) {
        this(dumpLevel, filter, true);
    }

    ElfDumpWriter(int dumpLevel, PageFilter filter, boolean mapSource) {
        this.dumpLevel = dumpLevel;
        this.filter = filter;
        this.mapSource = mapSource;
    }

    /**
     * Who overwrites erased bytes in each page copied; its eraseinfo text becomes an ERASEINFO note
     * at the end of PT_NOTE (makedumpfile's write_elf_eraseinfo). The zero-page pass reads pages as
     * they are, as makedumpfile's does.
     */
    public ElfDumpWriter eraser(PageEraser eraser) {
        this.eraser = eraser;
        return this;
    }

    /** Stops a running {@link #write} at the next megabyte; the file is marked incomplete. */
    public void cancel() {
        cancelled.set(true);
    }

    public ElfDumpResult write(ElfVmcore vmcore, DumpSink sink) throws IOException, FormatException {
        long started = System.nanoTime();
        int pageSize = vmcore.pageSize();
        Map<ExclusionClass, Long> excluded = new EnumMap<>(ExclusionClass.class);
        DumpedPages dumped = scan(vmcore, SourceFilter.of(vmcore, filter), excluded);
        byte[] inputNotes = vmcore.noteBytes();
        Optional<ProgramHeader> note = vmcore.core().programHeaders().stream().filter(ProgramHeader::isNote).findFirst();
        byte[] eraseInfo = eraser.eraseInfo();
        byte[] notes = inputNotes;
        if (note.isPresent() && eraseInfo.length > 0) {
            byte[] erase = NoteWriter.encode(ERASEINFO_NOTE, 0, eraseInfo);
            notes = Arrays.copyOf(inputNotes, inputNotes.length + erase.length);
            System.arraycopy(erase, 0, notes, inputNotes.length, erase.length);
        }
        int notesLength = notes.length;
        List<ProgramHeader> loads = vmcore.core().loads();
        long count = (note.isPresent() ? 1 : 0) + ElfLoadPlanner.plan(loads, pageSize, dumped::contains, 0).loads().size();
        boolean extended = count >= ElfHeader.PN_XNUM;
        long tableEnd = ElfHeader.SIZE + count * ProgramHeader.SIZE;
        long noteOffset = tableEnd + (extended ? Elf64.SHDR_SIZE : 0);
        ElfLoadPlanner.Plan plan = ElfLoadPlanner.plan(loads, pageSize, dumped::contains, noteOffset + notes.length);

        byte[] header = header(vmcore.elfHeaderBytes(), count, extended, tableEnd);
        boolean seekable = sink.seekable();
        ByteBuffer table = ByteBuffer.allocate(Math.toIntExact(count * ProgramHeader.SIZE)).order(ByteOrder.LITTLE_ENDIAN);
        note.ifPresent(n -> writeNoteHeader(table, n, noteOffset, notesLength, vmcore));
        for (ElfLoad load : plan.loads()) {
            load.write(table);
        }
        table.flip();
        if (seekable) {
            // the file says incomplete (e_flags) until its last write: headers, table and notes in one write, synced
            ByteBuffer head = ByteBuffer.allocate(Math.toIntExact(noteOffset + (note.isPresent() ? notes.length : 0)));
            head.put(incomplete(header)).position(ElfHeader.SIZE);
            head.put(table);
            if (extended) {
                head.position((int) tableEnd);
                head.put(sectionHeaderZero(count));
            }
            if (note.isPresent() && notes.length > 0) {
                head.position((int) noteOffset);
                head.put(notes);
            }
            sink.write(0, head.clear());
            sink.sync();
        } else {
            sink.write(0, ByteBuffer.wrap(header));
            sink.write(ElfHeader.SIZE, table);
            if (extended) {
                sink.write(tableEnd, ByteBuffer.wrap(sectionHeaderZero(count)));
            }
            if (note.isPresent() && notes.length > 0) {
                sink.write(noteOffset, ByteBuffer.wrap(notes));
            }
        }
        DataCopy copy = new DataCopy(vmcore, sink);
        try {
            for (ElfLoad load : plan.loads()) {
                copy.segment(load);
            }
            copy.flush();
            if (seekable && copy.unreadable == 0) {
                sink.sync(); // every segment on disk before the header stops saying incomplete
                sink.write(0, ByteBuffer.wrap(header));
            }
            // pages the source would not give are zeros here, not the memory: e_flags keeps saying incomplete
            sink.finish();
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            // out of memory too: what was written stays a dump marked incomplete
            DumpStatistics partial = copy.statistics(vmcore, dumped, excluded, sink, false, started);
            if (!seekable) {
                throw e;
            }
            keepIncomplete(sink, header, e);
            throw new IncompleteDumpException(e, partial);
        }
        return new ElfDumpResult(copy.statistics(vmcore, dumped, excluded, sink, true, started),
                plan.elfExcludedPages(), plan.loads().size());
    }

    /** Pass 1: the pfns the level keeps, less the zero pages under level bit 1; counts each excluded class. */
    private DumpedPages scan(ElfVmcore vmcore, PageFilter all, Map<ExclusionClass, Long> excluded) throws IOException {
        int pageSize = vmcore.pageSize();
        DumpedPages dumped = new DumpedPages(vmcore.memory().maxMapnr());
        boolean zeros = (dumpLevel & 1) != 0;
        byte[] page = new byte[pageSize];
        byte[] zero = new byte[pageSize];
        try (ElfPageReader reader = new ElfPageReader(vmcore.channel(), vmcore.name(), pageSize,
                mapSource ? vmcore.fastMode() : ElfPageReader.Mode.SINGLE)) {
            List<PfnRun> runs = vmcore.memory().runs();
            for (int r = 0; r < runs.size(); r++) {
                PfnRun run = runs.get(r);
                for (long pfn = run.start(); pfn < run.end(); pfn++) {
                    ExclusionClass why = all.exclusion(pfn);
                    if (why != ExclusionClass.NONE) {
                        excluded.merge(why, 1L, Long::sum);
                        continue;
                    }
                    if (zeros) {
                        if (cancelled.get()) {
                            throw new InterruptedIOException("interrupted");
                        }
                        try {
                            reader.read(vmcore.runLoad(r), pfn, page, 0);
                            if (Arrays.equals(page, zero)) {
                                excluded.merge(ExclusionClass.ZERO, 1L, Long::sum);
                                continue;
                            }
                        } catch (IOException e) {
                            // unreadable: kept, and counted when the copy cannot read it either
                        }
                    }
                    dumped.add(pfn);
                }
            }
        }
        return dumped;
    }

    /**
     * The input's ELF header (e_flags included, so an incomplete input stays marked)
     * with the new program header count, and extended numbering past 0xfffe.
     */
    private static byte[] header(byte[] input, long count, boolean extended, long tableEnd) {
        ByteBuffer b = ByteBuffer.wrap(input.clone()).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(Elf64.E_PHOFF, ElfHeader.SIZE);
        boolean inputExtended = (b.getShort(Elf64.E_PHNUM) & 0xffff) == ElfHeader.PN_XNUM;
        if (extended) {
            b.putShort(Elf64.E_PHNUM, (short) ElfHeader.PN_XNUM);
            b.putLong(Elf64.E_SHOFF, tableEnd);
            b.putShort(Elf64.E_SHENTSIZE, (short) Elf64.SHDR_SIZE);
            b.putShort(Elf64.E_SHNUM, (short) 1);
            b.putShort(Elf64.E_SHSTRNDX, (short) 0); // SHN_UNDEF
        } else {
            b.putShort(Elf64.E_PHNUM, (short) count);
            if (inputExtended) {
                b.putLong(Elf64.E_SHOFF, 0);
                b.putShort(Elf64.E_SHENTSIZE, (short) 0);
                b.putShort(Elf64.E_SHNUM, (short) 0);
            }
        }
        return b.array();
    }

    /** Section header 0 under PN_XNUM: sh_size = e_shnum (1), sh_info = the real program header count. */
    private static byte[] sectionHeaderZero(long count) {
        ByteBuffer b = ByteBuffer.allocate(Elf64.SHDR_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        SectionHeader.extendedNumbering(count).write(b);
        return b.array();
    }


    /** The input's first PT_NOTE header, moved to the notes' new place and sized for all of them. */
    private static void writeNoteHeader(ByteBuffer out, ProgramHeader note, long offset, long size, ElfVmcore vmcore) {
        long notes = vmcore.core().programHeaders().stream().filter(ProgramHeader::isNote).count();
        out.putInt((int) ProgramHeader.PT_NOTE);
        out.putInt((int) note.flags());
        out.putLong(offset);
        out.putLong(note.vaddr());
        out.putLong(note.paddr());
        out.putLong(size);
        out.putLong(notes == 1 ? note.memsz() : size);
        out.putLong(note.align());
    }

    /** The ELF header with DUMP_ELF_INCOMPLETE ORed into e_flags (check_and_modify_elf_headers). */
    private static byte[] incomplete(byte[] header) {
        ByteBuffer marked = ByteBuffer.wrap(header.clone()).order(ByteOrder.LITTLE_ENDIAN);
        marked.putInt(Elf64.E_FLAGS, marked.getInt(Elf64.E_FLAGS) | DUMP_ELF_INCOMPLETE);
        return marked.array();
    }

    /** The header says incomplete already; written again in case the final rewrite was what failed. */
    private static void keepIncomplete(DumpSink sink, byte[] header, Throwable cause) {
        try {
            sink.write(0, ByteBuffer.wrap(incomplete(header)));
            sink.finish();
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** Pass 2: each PT_LOAD's bytes, read from the input PT_LOAD it came from, in file order. */
    private final class DataCopy {
        private final ElfVmcore vmcore;
        private final DumpSink sink;
        private final byte[] page;
        private final byte[] chunk = new byte[CHUNK];
        private final List<Long> unreadableSample = new ArrayList<>();
        private int filled;
        private long chunkOffset;
        private long unreadable;
        private long copied;

        DataCopy(ElfVmcore vmcore, DumpSink sink) {
            this.vmcore = vmcore;
            this.sink = sink;
            this.page = new byte[vmcore.pageSize()];
        }

        void segment(ElfLoad load) throws IOException {
            if (load.filesz() == 0) {
                return;
            }
            flush();
            chunkOffset = load.offset();
            int pageSize = page.length;
            try (ElfPageReader reader = new ElfPageReader(vmcore.channel(), vmcore.name(), pageSize,
                mapSource ? vmcore.fastMode() : ElfPageReader.Mode.SINGLE)) {
                long end = load.paddr() + load.filesz();
                for (long a = load.paddr(); a < end; ) {
                    long pfn = a / pageSize;
                    int in = (int) (a % pageSize);
                    int n = (int) Math.min(pageSize - in, end - a);
                    try {
                        if (filter.exclusion(pfn) == ExclusionClass.PMEM_USERDATA) {
                            // inside a short excluded run, written as data: pmem user data is never
                            // read or written, so the run holds zeros (other classes keep their bytes)
                            Arrays.fill(page, (byte) 0);
                        } else {
                            reader.read(load.source(), pfn, page, 0);
                            eraser.erase(pfn, page, 0);
                        }
                    } catch (IOException e) {
                        Arrays.fill(page, (byte) 0);
                        unreadable++;
                        if (unreadableSample.size() < UNREADABLE_SAMPLE) {
                            unreadableSample.add(pfn);
                        }
                    }
                    copied++;
                    if (filled + n > chunk.length) {
                        flush();
                    }
                    System.arraycopy(page, in, chunk, filled, n);
                    filled += n;
                    a += n;
                }
            }
        }

        void flush() throws IOException {
            if (cancelled.get()) {
                throw new InterruptedIOException("interrupted");
            }
            if (filled > 0) {
                sink.write(chunkOffset, ByteBuffer.wrap(chunk, 0, filled));
                chunkOffset += filled;
                filled = 0;
            }
        }

        DumpStatistics statistics(ElfVmcore vmcore, DumpedPages dumped, Map<ExclusionClass, Long> excluded,
                DumpSink sink, boolean complete, long started) {
            return new DumpStatistics(vmcore.memory().maxMapnr(), vmcore.memory().backedPages(), excluded, unreadable,
                    unreadableSample, complete ? dumped.count() : copied, sink.bytesWritten(), complete,
                    (System.nanoTime() - started) / 1e9);
        }
    }
}
