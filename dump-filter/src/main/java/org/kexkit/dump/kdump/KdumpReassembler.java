package org.kexkit.dump.kdump;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.DumpException;
import org.kexkit.dump.io.DumpBytes;
import org.kexkit.dump.io.DumpSink;
import org.kexkit.dump.io.SafeOutputFile;

/**
 * Joins the parts of a split dump into one kdump-compressed file, as makedumpfile --reassemble
 * does (reassemble_kdump_header, reassemble_kdump_pages): the first part's header, its sub header
 * with the split fields cleared, its PT_NOTE copy and both bitmaps, then every part's
 * descriptors and page data in pfn order, copied as stored (never decompressed), the zero page
 * once, and the parts' eraseinfo after the data. The result is the file a dump without --split
 * would have been.
 */
public final class KdumpReassembler {
    /** Bytes of page data copied at once. */
    static final int COPY_BYTES = 1 << 20;
    /** Descriptors read and written at once. */
    static final int DESCRIPTORS = 4096;
    /** kdump_sub_header fields cleared in the joined file: split, start_pfn, end_pfn, start_pfn_64, end_pfn_64. */
    private static final int[][] SPLIT_FIELDS = {{12, 4}, {16, 8}, {24, 8}, {80, 8}, {88, 8}};
    private static final int OFF_ERASEINFO = KdumpSubHeader.OFF_ERASEINFO;

    private KdumpReassembler() {
    }

    /** What was joined: the number of pages (descriptors) and the file's size. */
    public record Result(long pages, long bytes) {
    }

    /** Writes OUT (0600, under a temporary name until complete) from PARTS, in any order. */
    public static Result toFile(List<Path> parts, Path out, boolean overwrite)
            throws IOException, FormatException, DumpException {
        try (SplitParts set = SplitParts.open(parts); SafeOutputFile target = SafeOutputFile.create(out, overwrite)) {
            Result r;
            try {
                r = write(set, target.sink());
            } catch (IOException e) {
                throw new DumpException("reassembling failed: " + SafeOutputFile.describeStop(e)
                        + target.leftBehind("the partial file"), e);
            }
            target.commit();
            return r;
        }
    }

    static Result write(SplitParts set, DumpSink sink) throws IOException, FormatException {
        List<KdumpReader> parts = set.parts();
        KdumpReader first = parts.get(0);
        int bs = first.pageSize();
        byte[] header = first.bytes().read(0, DiskDumpHeader.SIZE);
        for (KdumpReader p : parts) {
            if (!Arrays.equals(header, p.bytes().read(0, DiskDumpHeader.SIZE))) {
                throw new FormatException(p.source(), 0, "header differs from that of " + first.source()
                        + " (a part of another dump, or a part marked incomplete)");
            }
        }
        sink.write(0, ByteBuffer.wrap(header));
        byte[] sub = first.bytes().read(bs, KdumpSubHeader.SIZE);
        for (int[] field : SPLIT_FIELDS) {
            Arrays.fill(sub, field[0], field[0] + field[1], (byte) 0);
        }
        long eraseAt = -1;
        long eraseSize = 0;
        for (KdumpReader p : parts) {
            eraseSize += p.subHeader().sizeEraseinfo();
        }
        sink.write(bs, ByteBuffer.wrap(sub));
        KdumpSubHeader kh = first.subHeader();
        if (kh.sizeNote() > 0) {
            sink.write(kh.offsetNote(), ByteBuffer.wrap(first.bytes().read(kh.offsetNote(), Math.toIntExact(kh.sizeNote()))));
        }
        if (kh.sizeVmcoreinfo() > 0) {
            sink.write(kh.offsetVmcoreinfo(), ByteBuffer.wrap(first.bytes().read(kh.offsetVmcoreinfo(),
                    Math.toIntExact(kh.sizeVmcoreinfo()))));
        }
        KdumpLayout layout = first.layout();
        copy(first.bytes(), layout.bitmap1Offset(), sink, layout.bitmap1Offset(), 2 * layout.bitmapBytes());
        boolean zeroPage = (kh.dumpLevel() & KdumpOptions.LEVEL_ZERO) != 0;
        Pages pages = new Pages(sink, layout.descriptorsOffset(), layout.dataOffset());
        long zeroAt = layout.dataOffset();
        if (zeroPage) {
            // every part stores the zero page first, so its descriptors all point at the data's start
            pages.data(null, 0, bs);
        }
        for (KdumpReader p : parts) {
            pages.copyPart(p, zeroPage ? zeroAt : -1);
        }
        pages.finish();
        long end = pages.dataEnd;
        if (eraseSize > 0) {
            eraseAt = end;
            for (KdumpReader p : parts) {
                KdumpSubHeader s = p.subHeader();
                copy(p.bytes(), s.offsetEraseinfo(), sink, end, s.sizeEraseinfo());
                end += s.sizeEraseinfo();
            }
            ByteBuffer fields = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(eraseAt).putLong(eraseSize);
            sink.write(bs + OFF_ERASEINFO, fields.flip());
        }
        sink.finish();
        return new Result(pages.index, end);
    }

    private static void copy(DumpBytes from, long at, DumpSink sink, long to, long length) throws IOException {
        byte[] buf = new byte[(int) Math.min(COPY_BYTES, Math.max(length, 0))];
        for (long done = 0; done < length; ) {
            int n = (int) Math.min(buf.length, length - done);
            from.read(at + done, buf, 0, n);
            sink.write(to + done, ByteBuffer.wrap(buf, 0, n));
            done += n;
        }
    }

    /** The joined descriptor table and page data, written in order through two buffers. */
    private static final class Pages {
        private final DumpSink sink;
        private final ByteBuffer descriptors = ByteBuffer.allocate(DESCRIPTORS * PageDescriptor.SIZE)
                .order(ByteOrder.LITTLE_ENDIAN);
        private final ByteBuffer data = ByteBuffer.allocate(COPY_BYTES);
        private long descriptorsAt;
        private long dataAt;
        long dataEnd;
        long index;

        Pages(DumpSink sink, long descriptorsAt, long dataAt) {
            this.sink = sink;
            this.descriptorsAt = descriptorsAt;
            this.dataAt = dataAt;
            this.dataEnd = dataAt;
        }

        /** Appends {@code length} bytes of page data read from {@code from} at {@code at} (zeros if null). */
        void data(DumpBytes from, long at, int length) throws IOException {
            if (data.remaining() < length) {
                flushData();
            }
            if (from != null) {
                from.read(at, data.array(), data.position(), length);
            } else {
                Arrays.fill(data.array(), data.position(), data.position() + length, (byte) 0);
            }
            data.position(data.position() + length);
            dataEnd += length;
        }

        void descriptor(PageDescriptor d) throws IOException {
            if (!descriptors.hasRemaining()) {
                flushDescriptors();
            }
            d.write(descriptors);
            index++;
        }

        /** The part's descriptors in pfn order, each page's data copied after what is already there. */
        void copyPart(KdumpReader p, long zeroAt) throws IOException, FormatException {
            long table = p.layout().descriptorsOffset();
            long end = p.part().end();
            byte[] raw = new byte[DESCRIPTORS * PageDescriptor.SIZE];
            int have = 0;
            int next = 0;
            long read = 0;
            for (long pfn = p.part().start(); pfn < end; pfn++) {
                if (!p.dumped(pfn)) {
                    continue;
                }
                if (next == have) {
                    have = (int) Math.min(DESCRIPTORS, Math.max(0, (p.bytes().size() - table) / PageDescriptor.SIZE - read));
                    if (have == 0) {
                        throw new FormatException(p.source(), table + read * PageDescriptor.SIZE, "descriptor of pfn 0x"
                                + Long.toHexString(pfn) + " lies past the end of the file");
                    }
                    p.bytes().read(table + read * PageDescriptor.SIZE, raw, 0, have * PageDescriptor.SIZE);
                    read += have;
                    next = 0;
                }
                ByteBuffer b = ByteBuffer.wrap(raw, next * PageDescriptor.SIZE, PageDescriptor.SIZE)
                        .order(ByteOrder.LITTLE_ENDIAN);
                next++;
                PageDescriptor d = new PageDescriptor(b.getLong(), b.getInt(), b.getInt(), b.getLong());
                if (zeroAt >= 0 && d.offset() == zeroAt) {
                    descriptor(d); // the zero page: the same offset in the joined file
                    continue;
                }
                if (d.size() < 0 || d.size() > p.pageSize() || d.offset() < 0 || d.offset() + d.size() > p.bytes().size()) {
                    throw new FormatException(p.source(), table + (read - have + next - 1) * PageDescriptor.SIZE,
                            "descriptor of pfn 0x" + Long.toHexString(pfn) + " points at 0x" + Long.toHexString(d.offset())
                            + " (" + d.size() + " bytes), outside the file");
                }
                descriptor(new PageDescriptor(dataEnd, d.size(), d.flags(), d.pageFlags()));
                data(p.bytes(), d.offset(), d.size());
            }
        }

        void finish() throws IOException {
            flushDescriptors();
            flushData();
        }

        private void flushDescriptors() throws IOException {
            descriptors.flip();
            long n = descriptors.remaining();
            sink.write(descriptorsAt, descriptors);
            descriptorsAt += n;
            descriptors.clear();
        }

        private void flushData() throws IOException {
            data.flip();
            long n = data.remaining();
            sink.write(dataAt, data);
            dataAt += n;
            data.clear();
        }
    }
}
