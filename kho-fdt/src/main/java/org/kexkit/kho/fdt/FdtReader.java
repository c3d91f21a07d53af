package org.kexkit.kho.fdt;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.kexkit.bin.ByteCursor;
import org.kexkit.bin.FormatException;

/**
 * Reads a DTB v17 blob and checks it as strictly as libfdt's fdt_check_full(): every failure is a
 * {@link FormatException} naming the file offset of the bad field or token.
 */
public final class FdtReader {
    private FdtReader() {
    }

    public static FdtBlob read(byte[] bytes, String source) throws FormatException {
        FdtHeader header = readHeader(bytes, source);
        List<ReserveEntry> reservations = readReservations(bytes, source, header);
        checkBlocks(source, header, reservations.size());
        byte[] strings = Arrays.copyOfRange(bytes, header.offDtStrings(),
                header.offDtStrings() + header.sizeDtStrings());
        ByteCursor cursor = ByteCursor.of(bytes, source, 0).bigEndian();
        cursor.seek(header.offDtStruct());
        StructParser parser = new StructParser(cursor.slice(header.sizeDtStruct()), strings, header);
        FdtNode root = parser.parse();
        return new FdtBlob(new Fdt(reservations, header.bootCpuidPhys(), root),
                new FdtLayout(header, strings, parser.nameOffsets));
    }

    /** Whether the bytes start with the FDT magic (fdt.h FDT_MAGIC, big-endian). */
    public static boolean hasMagic(byte[] bytes) {
        return bytes.length >= 4 && ByteBuffer.wrap(bytes).getInt(0) == (int) FdtSpec.MAGIC;
    }

    /** Whether the bytes are the start of a blob whose header promises more bytes than there are. */
    public static boolean isTruncated(byte[] bytes) {
        return hasMagic(bytes) && bytes.length >= 8
                && Integer.toUnsignedLong(ByteBuffer.wrap(bytes).getInt(FdtHeader.AT_TOTALSIZE)) > bytes.length;
    }

    static FdtHeader readHeader(byte[] bytes, String source) throws FormatException {
        ByteCursor c = ByteCursor.of(bytes, source, 0).bigEndian();
        if (bytes.length < 4) {
            throw c.errorAt(0, "expected an FDT header (" + FdtSpec.HEADER_SIZE + " bytes), the file has only "
                    + bytes.length);
        }
        long magic = c.u32();
        if (magic != FdtSpec.MAGIC) {
            throw c.errorAt(0, String.format("bad magic 0x%08x, expected 0xd00dfeed: not a flattened device tree",
                    magic));
        }
        if (bytes.length < FdtSpec.HEADER_SIZE) {
            throw c.errorAt(bytes.length, "expected an FDT header (" + FdtSpec.HEADER_SIZE
                    + " bytes), the file ends after " + bytes.length);
        }
        long[] f = new long[9];
        for (int i = 0; i < f.length; i++) {
            f[i] = c.u32();
        }
        long totalSize = f[0];
        if (f[4] < FdtSpec.VERSION) {
            throw c.errorAt(FdtHeader.AT_VERSION, "version " + f[4] + " is not supported (reads version 17)");
        }
        if (f[5] > FdtSpec.VERSION) {
            throw c.errorAt(FdtHeader.AT_LAST_COMP_VERSION, "last_comp_version " + f[5]
                    + " is newer than version 17: this blob cannot be read as version 17");
        }
        if (totalSize > bytes.length) {
            throw c.errorAt(FdtHeader.AT_TOTALSIZE, String.format(
                    "totalsize 0x%x (%d bytes) runs past the end of the file (%d bytes): truncated blob",
                    totalSize, totalSize, bytes.length));
        }
        if (totalSize < FdtSpec.HEADER_SIZE) {
            throw c.errorAt(FdtHeader.AT_TOTALSIZE, "totalsize " + totalSize + " is smaller than the header");
        }
        return new FdtHeader((int) totalSize, (int) f[1], (int) f[2], (int) f[3], (int) f[4], (int) f[5],
                (int) f[6], (int) f[7], (int) f[8]);
    }

    private static List<ReserveEntry> readReservations(byte[] bytes, String source, FdtHeader h)
            throws FormatException {
        ByteCursor c = ByteCursor.of(bytes, source, 0).bigEndian();
        long off = Integer.toUnsignedLong(h.offMemRsvmap());
        if (off % 8 != 0) {
            throw c.errorAt(FdtHeader.AT_OFF_MEM_RSVMAP, String.format(
                    "off_mem_rsvmap 0x%x is not 8-byte aligned", off));
        }
        checkInside(source, FdtHeader.AT_OFF_MEM_RSVMAP, "memory reservation block", off,
                FdtSpec.RESERVE_ENTRY_SIZE, h);
        c.seek(off);
        ByteCursor block = c.slice((int) (h.totalSize() - off));
        List<ReserveEntry> entries = new ArrayList<>();
        while (true) {
            if (block.remaining() < FdtSpec.RESERVE_ENTRY_SIZE) {
                throw block.errorAt(block.position(),
                        "memory reservation block runs past totalsize without its terminating entry");
            }
            long address = block.u64();
            long size = block.u64();
            if (address == 0 && size == 0) {
                return entries;
            }
            entries.add(new ReserveEntry(address, size));
        }
    }

    private static void checkBlocks(String source, FdtHeader h, int reservations) throws FormatException {
        long structOff = Integer.toUnsignedLong(h.offDtStruct());
        long stringsOff = Integer.toUnsignedLong(h.offDtStrings());
        if (structOff % FdtSpec.TAG_ALIGN != 0) {
            throw new FormatException(source, FdtHeader.AT_OFF_DT_STRUCT, String.format(
                    "off_dt_struct 0x%x is not 4-byte aligned", structOff));
        }
        checkInside(source, FdtHeader.AT_OFF_DT_STRUCT, "struct block", structOff,
                Integer.toUnsignedLong(h.sizeDtStruct()), h);
        checkInside(source, FdtHeader.AT_OFF_DT_STRINGS, "strings block", stringsOff,
                Integer.toUnsignedLong(h.sizeDtStrings()), h);
        long rsvOff = h.offMemRsvmap();
        long rsvEnd = rsvOff + (long) (reservations + 1) * FdtSpec.RESERVE_ENTRY_SIZE;
        long structEnd = structOff + Integer.toUnsignedLong(h.sizeDtStruct());
        long stringsEnd = stringsOff + Integer.toUnsignedLong(h.sizeDtStrings());
        checkApart(source, FdtHeader.AT_OFF_DT_STRUCT, "struct block", structOff, structEnd,
                "memory reservation block", rsvOff, rsvEnd);
        checkApart(source, FdtHeader.AT_OFF_DT_STRINGS, "strings block", stringsOff, stringsEnd,
                "memory reservation block", rsvOff, rsvEnd);
        checkApart(source, FdtHeader.AT_OFF_DT_STRINGS, "strings block", stringsOff, stringsEnd,
                "struct block", structOff, structEnd);
    }

    private static void checkInside(String source, int field, String block, long off, long size, FdtHeader h)
            throws FormatException {
        if (off < FdtSpec.HEADER_SIZE) {
            throw new FormatException(source, field, String.format("%s at 0x%x overlaps the header (0x0-0x%x)", block, off,
                    FdtSpec.HEADER_SIZE));
        }
        if (off + size > h.totalSize()) {
            throw new FormatException(source, field, String.format("%s 0x%x-0x%x runs past totalsize 0x%x", block, off, off + size,
                    h.totalSize()));
        }
    }

    private static void checkApart(String source, int field, String block, long start, long end, String other,
            long otherStart, long otherEnd) throws FormatException {
        if (start < otherEnd && otherStart < end && start < end && otherStart < otherEnd) {
            throw new FormatException(source, field, String.format("%s 0x%x-0x%x overlaps the %s 0x%x-0x%x", block, start, end,
                    other, otherStart, otherEnd));
        }
    }

    /** Walks the struct block's tokens; its cursor starts at the block and errors carry file offsets. */
    private static final class StructParser {
        private final ByteCursor c;
        private final byte[] strings;
        /** The strings block, for NUL-terminated names at their offsets. */
        private final ByteCursor names;
        private final FdtHeader header;
        final List<Integer> nameOffsets = new ArrayList<>();

        StructParser(ByteCursor c, byte[] strings, FdtHeader header) {
            this.c = c;
            this.strings = strings;
            this.names = ByteCursor.of(strings, c.source(), Integer.toUnsignedLong(header.offDtStrings()));
            this.header = header;
        }

        /** A node being read: children are only known when its FDT_END_NODE arrives. */
        private record Open(String name, List<FdtProperty> properties, List<FdtNode> children) {
        }

        FdtNode parse() throws FormatException {
            Deque<Open> open = new ArrayDeque<>();
            FdtNode root = null;
            while (true) {
                if (c.remaining() < 4) {
                    throw c.errorAt(c.position(), "struct block ends without FDT_END");
                }
                int at = c.position();
                long token = c.u32();
                switch ((int) token) {
                    case FdtSpec.FDT_BEGIN_NODE -> {
                        String name = nodeName();
                        if (root != null) {
                            throw c.errorAt(at, "FDT_BEGIN_NODE \"" + name + "\" after the root node was closed");
                        }
                        if (open.isEmpty() && !name.isEmpty()) {
                            throw c.errorAt(at, "root node is named \"" + name + "\", expected an empty name");
                        }
                        open.push(new Open(name, new ArrayList<>(), new ArrayList<>()));
                    }
                    case FdtSpec.FDT_END_NODE -> {
                        if (open.isEmpty()) {
                            throw c.errorAt(at, "FDT_END_NODE outside any node");
                        }
                        Open done = open.pop();
                        FdtNode node = new FdtNode(done.name(), done.properties(), done.children());
                        if (open.isEmpty()) {
                            root = node;
                        } else {
                            open.peek().children().add(node);
                        }
                    }
                    case FdtSpec.FDT_PROP -> {
                        if (open.isEmpty()) {
                            throw c.errorAt(at, "FDT_PROP outside any node");
                        }
                        if (!open.peek().children().isEmpty()) {
                            throw c.errorAt(at, "FDT_PROP after a child node of \"" + open.peek().name()
                                    + "\" (properties come before children)");
                        }
                        open.peek().properties().add(property());
                    }
                    case FdtSpec.FDT_NOP -> {
                        // libfdt's fdt_nop_node()/fdt_nop_property() leave these; they carry nothing
                    }
                    case FdtSpec.FDT_END -> {
                        if (!open.isEmpty()) {
                            throw c.errorAt(at, "FDT_END inside node \"" + open.peek().name()
                                    + "\" (missing FDT_END_NODE)");
                        }
                        if (root == null) {
                            throw c.errorAt(at, "FDT_END before any node");
                        }
                        if (c.hasRemaining()) {
                            throw c.errorAt(c.position(), c.remaining() + " bytes after FDT_END inside size_dt_struct");
                        }
                        return root;
                    }
                    default -> throw c.errorAt(at, String.format("unknown struct token 0x%08x", token));
                }
            }
        }

        private String nodeName() throws FormatException {
            int start = c.position();
            String name;
            try {
                name = c.cString();
            } catch (FormatException e) {
                throw c.errorAt(start, "node name runs past the end of the struct block");
            }
            c.seek(Math.min(c.limit(), FdtSpec.align(c.position(), FdtSpec.TAG_ALIGN)));
            return name;
        }

        private FdtProperty property() throws FormatException {
            long length = c.u32();
            int nameAt = c.position();
            long nameOff = c.u32();
            if (length > c.remaining()) {
                throw c.errorAt(nameAt - 4, String.format(
                        "property value of 0x%x bytes runs past the end of the struct block", length));
            }
            byte[] value = c.bytes((int) length);
            String name = name(nameAt, nameOff);
            nameOffsets.add((int) nameOff);
            c.seek(Math.min(c.limit(), FdtSpec.align(c.position(), FdtSpec.TAG_ALIGN)));
            return new FdtProperty(name, value);
        }

        private String name(int nameAt, long nameOff) throws FormatException {
            if (nameOff >= strings.length) {
                throw c.errorAt(nameAt, String.format(
                        "property name offset 0x%x is past the strings block (0x%x bytes)", nameOff,
                        header.sizeDtStrings()));
            }
            try {
                return names.stringAt(nameOff);
            } catch (FormatException e) {
                throw c.errorAt(nameAt, String.format(
                        "property name at strings offset 0x%x has no NUL before the end of the strings block",
                        nameOff));
            }
        }
    }
}
