package org.kexkit.dump.kdump;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kexkit.bin.ByteCursor;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.codec.PageCodec;
import org.kexkit.dump.flattened.FlattenedBytes;
import org.kexkit.dump.io.DumpBytes;
import org.kexkit.dump.io.FileBytes;
import org.kexkit.dump.source.NoteSpan;
import org.kexkit.dump.source.PfnRun;

/**
 * Opens a kdump-compressed file (plain or flattened), checks every header
 * field against the file, and reads any pfn's page. Each problem is one
 * {@link FormatException} naming the file and offset.
 */
public final class KdumpReader implements AutoCloseable {
    /** Larger bitmaps (2^33 pfns, 32 TiB of 4 KiB pages) are taken for garbage: the reader holds them in memory. */
    static final long MAX_BITMAP_BYTES = 1L << 30;
    /** VMCOREINFO is at most a page in the kernel (VMCOREINFO_BYTES); more is garbage. */
    static final long MAX_VMCOREINFO = 1 << 20;
    /** The PT_NOTE copy: as ElfCoreReader's limit for a vmcore's notes. */
    static final long MAX_NOTE_BYTES = 64L << 20;
    /** makedumpfile's eraseinfo is the text of the erase commands it ran (a line each): a few KiB in practice. */
    static final long MAX_ERASEINFO = 64L << 20;
    private final String source;
    private final DumpBytes bytes;
    private final DiskDumpHeader header;
    private final KdumpSubHeader subHeader;
    private final KdumpLayout layout;
    private final Bitmap bitmap1;
    private final Bitmap bitmap2;
    /** Descriptors read at a time when an incomplete dump's present pages are found. */
    static final int DESCRIPTOR_CHUNK = 4096;
    /** Of a dump marked incomplete: the pages whose descriptor was written (see {@link #findPresent()}). */
    private Bitmap present;
    private Pages defaultPages;
    private long firstIndex = -1;

    private KdumpReader(String source, DumpBytes bytes, DiskDumpHeader header, KdumpSubHeader subHeader,
            KdumpLayout layout, Bitmap bitmap1, Bitmap bitmap2) {
        this.source = source;
        this.bytes = bytes;
        this.header = header;
        this.subHeader = subHeader;
        this.layout = layout;
        this.bitmap1 = bitmap1;
        this.bitmap2 = bitmap2;
    }

    public static KdumpReader open(Path path) throws IOException, FormatException {
        String source = path.toString();
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            DumpBytes bytes = FlattenedBytes.isFlattened(channel) ? FlattenedBytes.index(channel, source)
                    : new FileBytes(channel, source);
            return open(bytes, source);
        } catch (IOException | FormatException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static KdumpReader open(DumpBytes bytes, String source) throws IOException, FormatException {
        long size = bytes.size();
        ByteCursor headCursor = cursor(bytes, 0, (int) Math.min(size, DiskDumpHeader.SIZE), source);
        DiskDumpHeader header = DiskDumpHeader.read(headCursor);
        try {
            return open(bytes, source, header);
        } catch (FormatException e) {
            if (!header.incomplete() || e.problem().contains("marked incomplete")) {
                throw e;
            }
            // what is missing or short in a dump that says it was cut short is most likely where it stopped
            throw new FormatException(e.source(), e.offset(), e.problem() + " (the dump is marked incomplete: it"
                    + " stopped before this was written)");
        }
    }

    private static KdumpReader open(DumpBytes bytes, String source, DiskDumpHeader header)
            throws IOException, FormatException {
        long size = bytes.size();
        int bs = header.blockSize();
        long subOffset = bs;
        if (subOffset + KdumpSubHeader.SIZE > size) {
            throw new FormatException(source, subOffset, "expected the kdump_sub_header (" + KdumpSubHeader.SIZE
                    + " bytes) at block 1, but the file is only 0x" + Long.toHexString(size) + " bytes");
        }
        KdumpSubHeader sub = KdumpSubHeader.read(cursor(bytes, subOffset, KdumpSubHeader.SIZE, source),
                header.headerVersion(), header.maxMapnr32());
        long maxMapnr = header.headerVersion() >= 6 ? sub.maxMapnr64() : header.maxMapnr32();
        if (sub.split() != 0 && (sub.startPfn64() < 0 || sub.startPfn64() > sub.endPfn64() || sub.endPfn64() > maxMapnr)) {
            throw new FormatException(source, subOffset + KdumpSubHeader.OFF_SPLIT, "one part of a split dump for pfns 0x"
                    + Long.toHexString(sub.startPfn64()) + "-0x" + Long.toHexString(sub.endPfn64())
                    + ", which is no range within max_mapnr 0x" + Long.toHexString(maxMapnr));
        }
        if (maxMapnr < 0 || (maxMapnr + 7) / 8 > MAX_BITMAP_BYTES) {
            throw new FormatException(source, header.headerVersion() >= 6 ? subOffset + KdumpSubHeader.OFF_MAX_MAPNR_64 : DiskDumpHeader.OFF_MAX_MAPNR,
                    "max_mapnr 0x" + Long.toHexString(maxMapnr) + " needs bitmaps of more than 1 GiB: not a real machine");
        }
        // each is read whole into memory: a size no kernel or makedumpfile writes is refused before the file's
        // size is (a flattened stream's offsets can claim a file far larger than its bytes)
        checkSize(source, subOffset + KdumpSubHeader.OFF_VMCOREINFO + 8, "size_vmcoreinfo", sub.sizeVmcoreinfo(), MAX_VMCOREINFO);
        checkSize(source, subOffset + KdumpSubHeader.OFF_NOTE + 8, "size_note", sub.sizeNote(), MAX_NOTE_BYTES);
        checkSize(source, subOffset + KdumpSubHeader.OFF_ERASEINFO + 8, "size_eraseinfo", sub.sizeEraseinfo(), MAX_ERASEINFO);
        checkRange(source, subOffset + KdumpSubHeader.OFF_VMCOREINFO, "VMCOREINFO", sub.offsetVmcoreinfo(), sub.sizeVmcoreinfo(), size);
        checkRange(source, subOffset + KdumpSubHeader.OFF_NOTE, "PT_NOTE copy", sub.offsetNote(), sub.sizeNote(), size);
        checkRange(source, subOffset + KdumpSubHeader.OFF_ERASEINFO, "eraseinfo", sub.offsetEraseinfo(), sub.sizeEraseinfo(), size);
        long bitmapBytes = header.bitmapBlocks() * bs / 2;
        if (bitmapBytes * 8 < maxMapnr) {
            throw new FormatException(source, DiskDumpHeader.OFF_BITMAP_BLOCKS, "bitmap_blocks " + header.bitmapBlocks()
                    + " gives bitmaps of " + bitmapBytes + " bytes, too small for max_mapnr " + maxMapnr);
        }
        KdumpLayout layout = new KdumpLayout(bs, header.subHeaderBlocks(), bitmapBytes, maxMapnr, 0);
        if (layout.bitmap1Offset() + 2 * bitmapBytes > size) {
            // the bitmaps are held in memory: only bitmaps that are in the file are read (kexkit reserves both
            // right after the header, so an interrupted dump of its own has them)
            throw new FormatException(source, layout.bitmap1Offset(), "bitmaps truncated: expected 2 x " + bitmapBytes
                    + " bytes from offset 0x" + Long.toHexString(layout.bitmap1Offset()) + ", the file ends at 0x"
                    + Long.toHexString(size));
        }
        Bitmap b1 = Bitmap.read(bytes, layout.bitmap1Offset(), maxMapnr);
        Bitmap b2 = Bitmap.read(bytes, layout.bitmap2Offset(), maxMapnr);
        KdumpLayout full = new KdumpLayout(bs, header.subHeaderBlocks(), bitmapBytes, maxMapnr, b2.count());
        if (full.dataOffset() > size && !header.incomplete()) {
            throw new FormatException(source, full.descriptorsOffset(), "page descriptors truncated: " + b2.count()
                    + " descriptors need 0x" + Long.toHexString(full.dataOffset()) + " bytes, the file ends at 0x"
                    + Long.toHexString(size));
        }
        KdumpReader reader = new KdumpReader(source, bytes, header, sub, full, b1, b2);
        if (header.incomplete()) {
            reader.present = reader.findPresent();
        }
        return reader;
    }

    /**
     * Of a dump marked incomplete, the 2nd bitmap less the pages whose descriptor is empty or lies,
     * or points, past the end of the file: the pages the dump stopped before (or could not read).
     * One pass over the descriptor table, {@link #DESCRIPTOR_CHUNK} descriptors at a time.
     */
    private Bitmap findPresent() throws IOException {
        long[] words = bitmap2.words.clone();
        PfnRun part = part();
        long size = bytes.size();
        byte[] chunk = new byte[DESCRIPTOR_CHUNK * PageDescriptor.SIZE];
        long index = 0;
        int inChunk = DESCRIPTOR_CHUNK;
        long tableEnd = size;
        for (long pfn = nextSet(words, part.start()); pfn >= 0 && pfn < part.end(); pfn = nextSet(words, pfn + 1)) {
            long at = layout.descriptorsOffset() + index * PageDescriptor.SIZE;
            if (inChunk == DESCRIPTOR_CHUNK) {
                int n = (int) Math.max(0, Math.min(chunk.length, tableEnd - at));
                java.util.Arrays.fill(chunk, (byte) 0);
                bytes.read(at, chunk, 0, n - n % PageDescriptor.SIZE);
                inChunk = 0;
            }
            ByteBuffer d = ByteBuffer.wrap(chunk, inChunk * PageDescriptor.SIZE, PageDescriptor.SIZE)
                    .order(ByteOrder.LITTLE_ENDIAN);
            long offset = d.getLong();
            long length = Integer.toUnsignedLong(d.getInt());
            if (length == 0 || offset <= 0 || offset + length > size) {
                words[(int) (pfn >>> 6)] &= ~(1L << (pfn & 63));
            }
            inChunk++;
            index++;
        }
        return new Bitmap(words);
    }

    /** The first set bit at or after {@code from}, or -1. */
    private static long nextSet(long[] words, long from) {
        int w = (int) (from >>> 6);
        if (w >= words.length) {
            return -1;
        }
        long word = words[w] & (-1L << (from & 63));
        while (word == 0) {
            if (++w == words.length) {
                return -1;
            }
            word = words[w];
        }
        return (long) w * 64 + Long.numberOfTrailingZeros(word);
    }

    /**
     * This file has pfn's page and it can be read: {@link #holds} and, in a dump marked incomplete,
     * its descriptor was written. The pages a re-filter, {@code vmcore info} or the dmesg reader
     * may use; the others are absent.
     */
    public boolean has(long pfn) {
        return holds(pfn) && (present == null || present.get(pfn));
    }

    /** Pages {@link #has} (all that the 2nd bitmap names unless the dump is marked incomplete). */
    public long presentPages() {
        return present == null ? bitmap2.count() : present.count();
    }

    /** The pfns this file holds the pages of: [start_pfn, end_pfn) for a part of a split dump, else all. */
    public PfnRun part() {
        return subHeader.split() != 0 ? new PfnRun(subHeader.startPfn64(), subHeader.endPfn64())
                : new PfnRun(0, layout.maxMapnr());
    }

    /** True for one part of a split dump (makedumpfile --split). */
    public boolean split() {
        return subHeader.split() != 0;
    }

    /** This file has pfn's page: dumped and, in a split dump, in this part. */
    public boolean holds(long pfn) {
        return bitmap2.get(pfn) && (subHeader.split() == 0 || pfn >= subHeader.startPfn64() && pfn < subHeader.endPfn64());
    }

    /** Where pfn's descriptor is: a part's table starts with the first dumped pfn of the part. */
    private long descriptorOffset(long pfn) {
        long index = bitmap2.rank(pfn) - (subHeader.split() != 0 ? firstIndex() : 0);
        return layout.descriptorsOffset() + index * PageDescriptor.SIZE;
    }

    private long firstIndex() {
        if (firstIndex < 0) {
            firstIndex = bitmap2.rank(subHeader.startPfn64());
        }
        return firstIndex;
    }

    DumpBytes bytes() {
        return bytes;
    }

    KdumpLayout layout() {
        return layout;
    }

    String source() {
        return source;
    }

    private static void checkSize(String source, long field, String what, long length, long max) throws FormatException {
        if (length < 0 || length > max) {
            throw new FormatException(source, field, what + " " + Long.toUnsignedString(length) + " is more than the 0x"
                    + Long.toHexString(max) + " bytes any kernel or makedumpfile writes");
        }
    }

    private static void checkRange(String source, long field, String what, long offset, long length, long size)
            throws FormatException {
        if (length == 0) {
            return;
        }
        if (offset < 0 || length < 0 || offset + length > size || offset + length < offset) {
            throw new FormatException(source, field, what + " at 0x" + Long.toHexString(offset) + " (" + length
                    + " bytes) lies outside the file (0x" + Long.toHexString(size) + " bytes)");
        }
    }

    private static ByteCursor cursor(DumpBytes bytes, long offset, int length, String source) throws IOException {
        return ByteCursor.of(bytes.read(offset, length), source, offset);
    }

    public DiskDumpHeader header() {
        return header;
    }

    public KdumpSubHeader subHeader() {
        return subHeader;
    }

    public long maxMapnr() {
        return layout.maxMapnr();
    }

    public int pageSize() {
        return header.blockSize();
    }

    /** 1st bitmap: pfn backed by memory in the source. */
    public boolean inMemory(long pfn) {
        return bitmap1.get(pfn);
    }

    /** 2nd bitmap: pfn dumped (has a descriptor; in a split dump, in one of the parts). */
    public boolean dumped(long pfn) {
        return bitmap2.get(pfn);
    }

    public long dumpedPages() {
        return bitmap2.count();
    }

    /** The VMCOREINFO text stored in the dump. */
    public Optional<String> vmcoreInfo() throws IOException {
        if (subHeader.sizeVmcoreinfo() == 0) {
            return Optional.empty();
        }
        return Optional.of(new String(bytes.read(subHeader.offsetVmcoreinfo(), Math.toIntExact(subHeader.sizeVmcoreinfo())),
                java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    /** The descriptor of a dumped pfn. */
    public PageDescriptor descriptor(long pfn) throws IOException, FormatException {
        if (pfn < 0 || pfn >= layout.maxMapnr()) {
            throw new FormatException(source, 0, "pfn 0x" + Long.toHexString(pfn) + " is beyond max_mapnr 0x"
                    + Long.toHexString(layout.maxMapnr()));
        }
        if (!bitmap2.get(pfn)) {
            throw new FormatException(source, layout.bitmap2Offset() + pfn / 8, "pfn 0x" + Long.toHexString(pfn)
                    + " is not in the dump (" + (bitmap1.get(pfn) ? "excluded" : "a memory hole") + ")");
        }
        if (!holds(pfn)) {
            throw new FormatException(source, layout.bitmap2Offset() + pfn / 8, "pfn 0x" + Long.toHexString(pfn)
                    + " is in another part of the split dump (this part holds pfns 0x" + Long.toHexString(part().start())
                    + "-0x" + Long.toHexString(part().end()) + ")");
        }
        long at = descriptorOffset(pfn);
        if (at + PageDescriptor.SIZE > bytes.size()) {
            throw new FormatException(source, at, "descriptor of pfn 0x" + Long.toHexString(pfn)
                    + " lies past the end of the file" + (header.incomplete() ? " (the dump is marked incomplete)" : ""));
        }
        ByteCursor c = cursor(bytes, at, PageDescriptor.SIZE, source);
        return new PageDescriptor(c.u64(), (int) c.u32(), (int) c.u32(), c.u64());
    }

    /** Page {@code pfn} as it was in memory. The returned array is reused by the next call. */
    public byte[] readPage(long pfn) throws IOException, FormatException {
        if (defaultPages == null) {
            defaultPages = new Pages();
        }
        return defaultPages.read(pfn);
    }

    /** A page reader with its own buffers and decompressors, for one thread (reads are positional). */
    public Pages newPages() {
        return new Pages();
    }

    /** The raw PT_NOTE copy of the sub header (empty without one). */
    public byte[] noteBytes() throws IOException {
        if (subHeader.sizeNote() == 0) {
            return new byte[0];
        }
        return bytes.read(subHeader.offsetNote(), Math.toIntExact(subHeader.sizeNote()));
    }

    /** The eraseinfo text (checked to lie in the file when it was opened); empty when there is none. */
    public byte[] eraseInfo() throws IOException {
        if (subHeader.sizeEraseinfo() == 0) {
            return new byte[0];
        }
        return bytes.read(subHeader.offsetEraseinfo(), Math.toIntExact(subHeader.sizeEraseinfo()));
    }

    /** Where the VMCOREINFO text sits inside {@link #noteBytes()}, if it lies inside. */
    public Optional<NoteSpan> vmcoreInfoInNotes() {
        long from = subHeader.offsetVmcoreinfo() - subHeader.offsetNote();
        if (subHeader.sizeVmcoreinfo() == 0 || subHeader.sizeNote() == 0 || from < 0
                || from + subHeader.sizeVmcoreinfo() > subHeader.sizeNote()) {
            return Optional.empty();
        }
        return Optional.of(new NoteSpan(from, subHeader.sizeVmcoreinfo()));
    }

    /** The pfns set in the 1st bitmap (backed by memory) as ascending runs. */
    public List<PfnRun> memoryRuns() {
        return bitmap1.runs();
    }

    /** File offset of the 2nd bitmap's byte holding {@code pfn}: where a bad pfn is named. */
    public long bitmap2Offset(long pfn) {
        return layout.bitmap2Offset() + pfn / 8;
    }

    /** Reads pages: the descriptor, then the stored bytes, decompressed. Not thread-safe. */
    public final class Pages {
        private final byte[] page = new byte[header.blockSize()];
        private final byte[] stored = new byte[header.blockSize()];
        private final PageCodec.Decompressor[] decompressors = new PageCodec.Decompressor[64];

        private Pages() {
        }

        /** Page {@code pfn} as it was in memory. The returned array is reused by the next call. */
        public byte[] read(long pfn) throws IOException, FormatException {
            PageDescriptor d = descriptor(pfn);
            long at = descriptorOffset(pfn);
            String which = "descriptor of pfn 0x" + Long.toHexString(pfn);
            if (d.missing()) {
                throw new FormatException(source, at, which + " is empty: the page could not be read when dumped"
                        + (header.incomplete() ? ", or the dump stopped before it (marked incomplete)" : ""));
            }
            if (d.size() <= 0 || d.size() > pageSize()) {
                throw new FormatException(source, at + 8, which + ": size " + Integer.toUnsignedString(d.size())
                        + " is not within 1.." + pageSize());
            }
            if (d.offset() < 0 || d.offset() + d.size() > bytes.size()) {
                throw new FormatException(source, at, which + " points at 0x" + Long.toHexString(d.offset()) + " ("
                        + d.size() + " bytes), past the end of the file (0x" + Long.toHexString(bytes.size()) + ")");
            }
            if (d.flags() == 0) {
                if (d.size() != pageSize()) {
                    throw new FormatException(source, at + 8, which + ": a raw page of " + d.size() + " bytes, expected "
                            + pageSize());
                }
                bytes.read(d.offset(), page, 0, pageSize());
                return page;
            }
            Optional<PageCodec> codec = PageCodec.forFlag(d.flags());
            if (codec.isEmpty()) {
                throw new FormatException(source, at + 12, which + ": unknown compression flag 0x"
                        + Integer.toHexString(d.flags()));
            }
            bytes.read(d.offset(), stored, 0, d.size());
            int n;
            try {
                n = decompressor(codec.get()).decompress(stored, 0, d.size(), page);
            } catch (IllegalArgumentException e) {
                throw new FormatException(source, d.offset(), "page of pfn 0x" + Long.toHexString(pfn) + ": "
                        + e.getMessage());
            }
            if (n != pageSize()) {
                throw new FormatException(source, d.offset(), "page of pfn 0x" + Long.toHexString(pfn)
                        + " decompresses to " + n + " bytes, expected " + pageSize());
            }
            return page;
        }

        private PageCodec.Decompressor decompressor(PageCodec codec) {
            int i = Integer.numberOfTrailingZeros(codec.flag());
            if (decompressors[i] == null) {
                decompressors[i] = codec.newDecompressor();
            }
            return decompressors[i];
        }
    }

    @Override
    public void close() throws IOException {
        bytes.close();
    }

    /**
     * A bitmap held in memory with a rank index: the set bits before every
     * block of {@link #RANK_WORDS} 64-bit words (one long per 512 pfns, so the
     * index adds an eighth to the bitmap).
     */
    static final class Bitmap {
        static final int RANK_WORDS = 8;
        private final long[] words;
        private final long[] before;
        private final long count;

        Bitmap(long[] words) {
            this.words = words;
            this.before = new long[words.length / RANK_WORDS + 1];
            long total = 0;
            for (int i = 0; i < words.length; i++) {
                if (i % RANK_WORDS == 0) {
                    before[i / RANK_WORDS] = total;
                }
                total += Long.bitCount(words[i]);
            }
            this.count = total;
        }

        static Bitmap read(DumpBytes bytes, long offset, long bits) throws IOException {
            int wordCount = Math.toIntExact((bits + 63) / 64);
            byte[] raw = bytes.read(offset, (int) ((bits + 7) / 8));
            ByteBuffer b = ByteBuffer.wrap(java.util.Arrays.copyOf(raw, wordCount * 8)).order(ByteOrder.LITTLE_ENDIAN);
            long[] words = new long[wordCount];
            for (int i = 0; i < wordCount; i++) {
                words[i] = b.getLong();
            }
            if (bits % 64 != 0 && wordCount > 0) {
                words[wordCount - 1] &= (1L << (bits % 64)) - 1; // bits past max_mapnr do not count
            }
            return new Bitmap(words);
        }

        /** pfn i is bit (i & 7) of byte i >> 3, i.e. bit (i & 63) of little-endian word i >> 6. */
        boolean get(long pfn) {
            return pfn >= 0 && pfn / 64 < words.length && (words[(int) (pfn >>> 6)] & (1L << (pfn & 63))) != 0;
        }

        long rank(long pfn) {
            int w = (int) (pfn >>> 6);
            long r = before[w / RANK_WORDS];
            for (int i = w - w % RANK_WORDS; i < w; i++) {
                r += Long.bitCount(words[i]);
            }
            return r + Long.bitCount(words[w] & ((1L << (pfn & 63)) - 1));
        }

        long count() {
            return count;
        }

        /** The set bits as ascending runs [start, end). */
        List<PfnRun> runs() {
            List<PfnRun> runs = new ArrayList<>();
            long start = -1;
            for (int w = 0; w < words.length; w++) {
                long word = words[w];
                if (start < 0 && word == 0 || start >= 0 && word == -1L) {
                    continue;
                }
                for (int bit = 0; bit < 64; bit++) {
                    boolean set = (word & (1L << bit)) != 0;
                    long pfn = (long) w * 64 + bit;
                    if (set && start < 0) {
                        start = pfn;
                    } else if (!set && start >= 0) {
                        runs.add(new PfnRun(start, pfn));
                        start = -1;
                    }
                }
            }
            if (start >= 0) {
                runs.add(new PfnRun(start, (long) words.length * 64));
            }
            return runs;
        }
    }
}
