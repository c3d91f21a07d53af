package org.kexkit.btf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kexkit.bin.ByteCursor;
import org.kexkit.bin.FormatException;

/**
 * A kernel's BTF (/sys/kernel/btf/vmlinux, or a vmlinux's .BTF section): struct btf_header, the
 * type section of btf_type records (ids from 1, 0 is void) and the string section
 * (include/uapi/linux/btf.h, Documentation/bpf/btf.rst). Types are located in one pass and decoded
 * when asked for; only struct layouts are offered.
 */
public final class Btf {
    /** btf_header.magic; read as 0x9feb the data is big-endian (not x86). */
    static final int MAGIC = 0xeb9f;
    static final int HEADER_SIZE = 24;
    private static final int TYPE_HEADER = 12;
    /** A chain of typedefs and qualifiers longer than this is a loop. */
    private static final int MAX_CHAIN = 64;

    private final String source;
    private final ByteBuffer types;
    private final ByteBuffer strings;
    private final long typesFileOffset;
    private final int[] offsets;
    private final Map<String, Integer> structs;

    private Btf(String source, ByteBuffer types, ByteBuffer strings, long typesFileOffset, int[] offsets,
            Map<String, Integer> structs) {
        this.source = source;
        this.types = types;
        this.strings = strings;
        this.typesFileOffset = typesFileOffset;
        this.offsets = offsets;
        this.structs = structs;
    }

    public static Btf read(byte[] data, String source) throws FormatException {
        ByteCursor c = ByteCursor.of(data, source, 0);
        int magic = c.u16();
        if (magic != MAGIC) {
            throw c.errorAtLastValue(String.format("bad BTF magic 0x%04x, expected 0xeb9f", magic));
        }
        int version = c.u8();
        if (version != 1) {
            throw c.errorAtLastValue("BTF version " + version + ", kexkit reads version 1");
        }
        c.u8(); // flags
        long hdrLen = c.u32();
        long typeOff = c.u32();
        long typeLen = c.u32();
        long strOff = c.u32();
        long strLen = c.u32();
        if (hdrLen < HEADER_SIZE || hdrLen > data.length) {
            throw c.errorAt(4, "hdr_len " + hdrLen + " is not a BTF header length");
        }
        long typeStart = hdrLen + typeOff;
        long strStart = hdrLen + strOff;
        if (typeStart + typeLen > data.length || strStart + strLen > data.length) {
            throw c.errorAt(8, "type or string section runs past the end of the data (" + data.length + " bytes)");
        }
        ByteBuffer types = ByteBuffer.wrap(data, (int) typeStart, (int) typeLen).slice().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer strings = ByteBuffer.wrap(data, (int) strStart, (int) strLen).slice();
        ByteCursor names = ByteCursor.of(strings, source, strStart);
        List<Integer> offsets = new ArrayList<>();
        offsets.add(-1); // id 0: void
        Map<String, Integer> structs = new HashMap<>();
        ByteCursor t = ByteCursor.of(types, source, typeStart);
        while (t.hasRemaining()) {
            int at = t.position();
            long nameOff = t.u32();
            long info = t.u32();
            t.u32();
            BtfKind kind = BtfKind.of((int) (info >>> 24) & 0x1f);
            if (kind == null) {
                throw t.errorAt(at, "type " + offsets.size() + " has unknown kind " + ((info >>> 24) & 0x1f));
            }
            t.skip(kind.trailing((int) (info & 0xffff)));
            if (kind == BtfKind.STRUCT && nameOff != 0) {
                structs.putIfAbsent(string(names, nameOff, t, at), offsets.size());
            }
            offsets.add(at);
        }
        int[] o = offsets.stream().mapToInt(Integer::intValue).toArray();
        return new Btf(source, types, strings, typeStart, o, structs);
    }

    /** Number of types, void not counted. */
    public int typeCount() {
        return offsets.length - 1;
    }

    /** The layout of the (first) struct of that name, or empty when this BTF has none. */
    public Optional<StructLayout> struct(String name) throws FormatException {
        Integer id = structs.get(name);
        if (id == null) {
            return Optional.empty();
        }
        int at = offsets[id];
        ByteCursor c = cursor(at);
        c.u32();
        long info = c.u32();
        long size = c.u32();
        boolean kindFlag = (info >>> 31) != 0;
        int vlen = (int) (info & 0xffff);
        List<StructLayout.Field> fields = new ArrayList<>();
        for (int i = 0; i < vlen; i++) {
            String member = string(c.u32(), c, at);
            long type = c.u32();
            long offset = c.u32();
            fields.add(new StructLayout.Field(member, kindFlag ? offset & 0xffffff : offset,
                    kindFlag ? (int) (offset >>> 24) : 0, describe(type, 0)));
        }
        return Optional.of(new StructLayout(name, size, fields));
    }

    /** A member's type with typedefs and qualifiers resolved. */
    private String describe(long id, int depth) throws FormatException {
        if (id == 0) {
            return "void";
        }
        if (id >= offsets.length || depth > MAX_CHAIN) {
            throw new FormatException(source, typesFileOffset, "type id " + id + " is out of range or in a loop");
        }
        int at = offsets[(int) id];
        ByteCursor c = cursor(at);
        long nameOff = c.u32();
        long info = c.u32();
        long sizeOrType = c.u32();
        BtfKind kind = BtfKind.of((int) (info >>> 24) & 0x1f);
        return switch (kind) {
            case INT -> "int" + sizeOrType + ((c.u32() >>> 24 & 1) != 0 ? "s" : "");
            case FLOAT -> "float" + sizeOrType;
            case PTR -> "ptr";
            case ENUM, ENUM64 -> "enum" + sizeOrType;
            case ARRAY -> {
                long elem = c.u32();
                c.u32();
                long n = c.u32();
                yield describe(elem, depth + 1) + "[" + n + "]";
            }
            case STRUCT, UNION -> kind.name().toLowerCase(java.util.Locale.ROOT) + " "
                    + (nameOff == 0 ? "(anonymous)" : string(nameOff, c, at)) + "(" + sizeOrType + ")";
            case FWD -> "fwd " + string(nameOff, c, at);
            case TYPEDEF, VOLATILE, CONST, RESTRICT, TYPE_TAG -> describe(sizeOrType, depth + 1);
            default -> kind.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private ByteCursor cursor(int at) throws FormatException {
        ByteCursor c = ByteCursor.of(types, source, typesFileOffset);
        c.seek(at);
        return c;
    }

    private String string(long offset, ByteCursor c, int at) throws FormatException {
        return string(ByteCursor.of(strings, source, 0), offset, c, at); // a cursor per name: stringAt needs no position
    }

    /** The name at {@code offset} of the string section; errors point at the type that names it ({@code at}). */
    private static String string(ByteCursor names, long offset, ByteCursor c, int at) throws FormatException {
        if (offset >= names.limit()) {
            throw c.errorAt(at, "name offset " + offset + " is outside the string section");
        }
        try {
            return names.stringAt(offset);
        } catch (FormatException e) {
            throw c.errorAt(at, "name at offset " + offset + " has no NUL before the end of the string section");
        }
    }
}
