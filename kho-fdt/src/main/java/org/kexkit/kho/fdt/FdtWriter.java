package org.kexkit.kho.fdt;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.ToIntFunction;

/**
 * Writes DTB v17 blobs. {@link #write(Fdt)} lays a new blob out as libfdt's sequential writer does
 * (fdt_create, fdt_finish_reservemap, ..., fdt_finish: reservation block at 0x30, strings in reverse
 * order of first use), which is how the kernel builds KHO's memblock subtree, so that blob comes out
 * byte for byte. {@link #write(Fdt, FdtLayout)} keeps a parsed blob's offsets and strings block.
 */
public final class FdtWriter {
    private FdtWriter() {
    }

    /** A new blob in libfdt's sequential-write layout. */
    public static byte[] write(Fdt fdt) {
        SequentialStrings strings = new SequentialStrings();
        byte[] struct = structBlock(fdt.root(), strings::offset);
        byte[] stringBytes = strings.bytes();
        int rsvOff = FdtSpec.align(FdtSpec.HEADER_SIZE, FdtSpec.RESERVE_ENTRY_SIZE); // fdt_create_with_flags()
        int structOff = rsvOff + (fdt.reservations().size() + 1) * FdtSpec.RESERVE_ENTRY_SIZE;
        int stringsOff = structOff + struct.length;
        // the negative offsets the sequential writer used become positive in fdt_finish()
        ByteBuffer fixed = ByteBuffer.wrap(struct);
        fixNameOffsets(fixed, stringBytes.length);
        FdtHeader header = new FdtHeader(stringsOff + stringBytes.length, structOff, stringsOff, rsvOff,
                FdtSpec.VERSION, FdtSpec.LAST_COMP_VERSION, fdt.bootCpuidPhys(), stringBytes.length, struct.length);
        return assemble(header, fdt, struct, stringBytes);
    }

    /**
     * The tree written into a parsed blob's layout: same block offsets, totalsize and strings block.
     *
     * @throws IllegalArgumentException if the tree no longer fits it (a property name missing from the
     *     strings block, or a struct block of another size, e.g. because the source had FDT_NOP tokens)
     */
    public static byte[] write(Fdt fdt, FdtLayout layout) {
        byte[] strings = layout.strings();
        int[] next = {0};
        byte[] struct = structBlock(fdt.root(), name -> {
            int index = next[0]++;
            if (index < layout.nameOffsets().size()) {
                int recorded = layout.nameOffsets().get(index);
                if (occursAt(strings, recorded, name)) {
                    return recorded;
                }
            }
            int off = find(strings, strings.length, name);
            if (off < 0) {
                throw new IllegalArgumentException("property name \"" + name + "\" is not in the strings block");
            }
            return off;
        });
        FdtHeader h = layout.header();
        if (struct.length != h.sizeDtStruct()) {
            throw new IllegalArgumentException("the tree needs a struct block of " + struct.length
                    + " bytes, the layout has " + h.sizeDtStruct());
        }
        if ((long) h.offMemRsvmap() + (fdt.reservations().size() + 1L) * FdtSpec.RESERVE_ENTRY_SIZE
                > Math.min(h.offDtStruct(), h.totalSize())) {
            throw new IllegalArgumentException("the reservations do not fit before the struct block");
        }
        return assemble(h, fdt, struct, strings);
    }

    private static byte[] assemble(FdtHeader h, Fdt fdt, byte[] struct, byte[] strings) {
        ByteBuffer out = ByteBuffer.allocate(h.totalSize());
        out.putInt((int) FdtSpec.MAGIC).putInt(h.totalSize()).putInt(h.offDtStruct()).putInt(h.offDtStrings())
                .putInt(h.offMemRsvmap()).putInt(h.version()).putInt(h.lastCompVersion()).putInt(h.bootCpuidPhys())
                .putInt(h.sizeDtStrings()).putInt(h.sizeDtStruct());
        out.position(h.offMemRsvmap());
        for (ReserveEntry e : fdt.reservations()) {
            out.putLong(e.address()).putLong(e.size());
        }
        out.putLong(0).putLong(0);
        out.put(h.offDtStruct(), struct);
        out.put(h.offDtStrings(), strings);
        return out.array();
    }

    private static byte[] structBlock(FdtNode root, ToIntFunction<String> nameOffset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        node(out, root, nameOffset);
        u32(out, FdtSpec.FDT_END);
        return out.toByteArray();
    }

    private static void node(ByteArrayOutputStream out, FdtNode node, ToIntFunction<String> nameOffset) {
        u32(out, FdtSpec.FDT_BEGIN_NODE);
        byte[] name = node.name().getBytes(StandardCharsets.UTF_8);
        out.writeBytes(name);
        out.write(0);
        pad(out, name.length + 1);
        for (FdtProperty p : node.properties()) {
            u32(out, FdtSpec.FDT_PROP);
            u32(out, p.length());
            u32(out, nameOffset.applyAsInt(p.name()));
            out.writeBytes(p.value());
            pad(out, p.length());
        }
        for (FdtNode child : node.children()) {
            node(out, child, nameOffset);
        }
        u32(out, FdtSpec.FDT_END_NODE);
    }

    /** Walks a sequential-write struct block and turns each negative name offset into a real one. */
    private static void fixNameOffsets(ByteBuffer struct, int stringsSize) {
        int pos = 0;
        while (pos < struct.limit()) {
            int token = struct.getInt(pos);
            pos += 4;
            if (token == FdtSpec.FDT_BEGIN_NODE) {
                int end = pos;
                while (struct.get(end) != 0) {
                    end++;
                }
                pos = FdtSpec.align(end + 1, FdtSpec.TAG_ALIGN);
            } else if (token == FdtSpec.FDT_PROP) {
                int length = struct.getInt(pos);
                struct.putInt(pos + 4, stringsSize + struct.getInt(pos + 4));
                pos = FdtSpec.align(pos + 8 + length, FdtSpec.TAG_ALIGN);
            }
        }
    }

    /** libfdt fdt_find_string_(): the first place the NUL-terminated name occurs, suffixes included. */
    static int find(byte[] table, int tableSize, String name) {
        for (int p = 0; p < tableSize; p++) {
            if (occursAt(table, p, name)) {
                return p;
            }
        }
        return -1;
    }

    private static boolean occursAt(byte[] table, int at, String name) {
        byte[] wanted = (name + "\0").getBytes(StandardCharsets.UTF_8);
        return at >= 0 && at + wanted.length <= table.length
                && Arrays.equals(table, at, at + wanted.length, wanted, 0, wanted.length);
    }

    /**
     * The strings area of libfdt's sequential writer (fdt_sw.c fdt_add_string_): it grows downwards
     * from the end of the buffer, each new name goes in front, and a lookup scans from the front.
     * Offsets are negative (relative to the end) until fdt_finish().
     */
    private static final class SequentialStrings {
        private byte[] table = new byte[0];

        int offset(String name) {
            int found = find(table, table.length, name);
            if (found >= 0) {
                return found - table.length;
            }
            byte[] added = (name + "\0").getBytes(StandardCharsets.UTF_8);
            byte[] grown = new byte[added.length + table.length];
            System.arraycopy(added, 0, grown, 0, added.length);
            System.arraycopy(table, 0, grown, added.length, table.length);
            table = grown;
            return -table.length;
        }

        byte[] bytes() {
            return table.clone();
        }
    }

    private static void u32(ByteArrayOutputStream out, int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }

    private static void pad(ByteArrayOutputStream out, int written) {
        for (int i = written; i % FdtSpec.TAG_ALIGN != 0; i++) {
            out.write(0);
        }
    }
}
