package org.kexkit.btf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.kexkit.bin.ByteCursor;
import org.kexkit.bin.FormatException;

/**
 * A kernel's BTF (/sys/kernel/btf/vmlinux, a vmlinux's .BTF section, the bytes between
 * __start_BTF and __stop_BTF in a dump) or a module's split BTF on top of it: struct btf_header,
 * the type section of btf_type records (ids from 1, 0 is void; a split BTF's ids and string
 * offsets continue its base's) and the string section (include/uapi/linux/btf.h,
 * Documentation/bpf/btf.rst). Types are located in one pass and decoded when asked for.
 */
public final class Btf {
    /** btf_header.magic; read as 0x9feb the data is big-endian (not x86). */
    static final int MAGIC = 0xeb9f;
    static final int HEADER_SIZE = 24;
    /** A chain of typedefs and qualifiers longer than this is a loop. */
    private static final int MAX_CHAIN = 64;
    /** Kinds whose names are indexed (what casts, struct lookups and variables need). */
    private static final Map<BtfKind, String> INDEXED = Map.of(BtfKind.STRUCT, "struct ", BtfKind.UNION, "union ",
            BtfKind.ENUM, "enum ", BtfKind.ENUM64, "enum ", BtfKind.TYPEDEF, "typedef ", BtfKind.INT, "int ",
            BtfKind.FLOAT, "int ", BtfKind.VAR, "var ", BtfKind.DATASEC, "datasec ");

    private final String source;
    private final Btf base;
    private final int firstId;
    private final long stringBase;
    private final ByteBuffer types;
    private final ByteBuffer strings;
    private final long typesFileOffset;
    private final int[] offsets;
    private final Map<String, Integer> names;

    private Btf(String source, Btf base, ByteBuffer types, ByteBuffer strings, long typesFileOffset, int[] offsets,
            Map<String, Integer> names) {
        this.source = source;
        this.base = base;
        this.firstId = base == null ? 1 : base.lastId() + 1;
        this.stringBase = base == null ? 0 : base.stringEnd();
        this.types = types;
        this.strings = strings;
        this.typesFileOffset = typesFileOffset;
        this.offsets = offsets;
        this.names = names;
    }

    public static Btf read(byte[] data, String source) throws FormatException {
        return read(data, source, null);
    }

    /**
     * A split BTF (a module's, from /sys/kernel/btf/MODULE or its btf_module in a dump) whose
     * type ids and string offsets continue those of {@code base}, the vmlinux BTF.
     */
    public static Btf readSplit(byte[] data, String source, Btf base) throws FormatException {
        return read(data, source, java.util.Objects.requireNonNull(base));
    }

    private static Btf read(byte[] data, String source, Btf base) throws FormatException {
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
        long stringBase = base == null ? 0 : base.stringEnd();
        int firstId = base == null ? 1 : base.lastId() + 1;
        ByteCursor localNames = ByteCursor.of(strings, source, strStart);
        List<Integer> offsets = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        ByteCursor t = ByteCursor.of(types, source, typeStart);
        while (t.hasRemaining()) {
            int at = t.position();
            long nameOff = t.u32();
            long info = t.u32();
            t.u32();
            BtfKind kind = BtfKind.of((int) (info >>> 24) & 0x1f);
            if (kind == null) {
                throw t.errorAt(at, "type " + (firstId + offsets.size()) + " has unknown kind " + ((info >>> 24) & 0x1f));
            }
            t.skip(kind.trailing((int) (info & 0xffff)));
            String prefix = INDEXED.get(kind);
            if (prefix != null && nameOff != 0) {
                String name = nameOff >= stringBase ? string(localNames, nameOff - stringBase, t, at)
                        : base.stringAt(nameOff);
                names.putIfAbsent(prefix + name, firstId + offsets.size());
            }
            offsets.add(at);
        }
        int[] o = offsets.stream().mapToInt(Integer::intValue).toArray();
        return new Btf(source, base, types, strings, typeStart, o, names);
    }

    /** Where the BTF came from, for messages. */
    public String source() {
        return source;
    }

    /** Number of types of this BTF (for a split BTF, its own), void not counted. */
    public int typeCount() {
        return offsets.length;
    }

    /** The highest type id, the base's included. */
    public int lastId() {
        return firstId + offsets.length - 1;
    }

    private long stringEnd() {
        return stringBase + strings.limit();
    }

    /** The layout of the (first) struct of that name, or empty when this BTF has none. */
    public Optional<StructLayout> struct(String name) throws FormatException {
        OptionalInt id = named("struct " + name);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        BtfType.Struct s = (BtfType.Struct) type(id.getAsInt());
        List<StructLayout.Field> fields = new ArrayList<>();
        for (BtfType.Member m : s.members()) {
            fields.add(new StructLayout.Field(m.name(), m.bitOffset(), m.bitSize(), describe(m.type(), 0)));
        }
        return Optional.of(new StructLayout(name, s.size(), fields));
    }

    /**
     * The id of a named type, the base's included: {@code "struct task_struct"}, {@code "union X"},
     * {@code "enum X"}, {@code "typedef u32"} (typedef names), {@code "int unsigned int"} (base
     * types), {@code "var runqueues"}, {@code "datasec .data..percpu"}.
     */
    public OptionalInt named(String kindAndName) {
        Integer id = names.get(kindAndName);
        if (id != null) {
            return OptionalInt.of(id);
        }
        return base == null ? OptionalInt.empty() : base.named(kindAndName);
    }

    /** The variable BTF knows by that name (BTF_KIND_VAR; kernels encode the per-cpu ones). */
    public Optional<BtfType.Var> variable(String name) throws FormatException {
        OptionalInt id = named("var " + name);
        return id.isEmpty() ? Optional.empty() : Optional.of((BtfType.Var) type(id.getAsInt()));
    }

    /** The section (BTF_KIND_DATASEC) that holds variable {@code varId}, if BTF places it in one. */
    public Optional<BtfType.DataSec> sectionOf(int varId) throws FormatException {
        for (Btf b = this; b != null; b = b.base) {
            for (int i = 0; i < b.offsets.length; i++) {
                if (b.kindAt(b.offsets[i]) == BtfKind.DATASEC) {
                    BtfType.DataSec s = (BtfType.DataSec) b.type(b.firstId + i);
                    if (s.vars().stream().anyMatch(v -> v.type() == varId)) {
                        return Optional.of(s);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Type {@code id} decoded; 0 (void) and ids past {@link #lastId()} are errors. */
    public BtfType type(int id) throws FormatException {
        if (id < firstId) {
            if (base != null && id > 0) {
                return base.type(id);
            }
            throw new FormatException(source, typesFileOffset, "type id " + id + " is void or out of range");
        }
        if (id > lastId()) {
            throw new FormatException(source, typesFileOffset, "type id " + id + " is out of range (last " + lastId() + ")");
        }
        int at = offsets[id - firstId];
        ByteCursor c = cursor(at);
        long nameOff = c.u32();
        long info = c.u32();
        long sizeOrType = c.u32();
        BtfKind kind = BtfKind.of((int) (info >>> 24) & 0x1f);
        int vlen = (int) (info & 0xffff);
        boolean kindFlag = (info >>> 31) != 0;
        String name = nameOff == 0 ? "" : string(nameOff, c, at);
        return switch (kind) {
            case INT -> new BtfType.Int(id, name, (int) sizeOrType, (c.u32() >>> 24 & 1) != 0);
            case FLOAT -> new BtfType.Float(id, name, (int) sizeOrType);
            case PTR -> new BtfType.Ptr(id, (int) sizeOrType);
            case ARRAY -> {
                int element = (int) c.u32();
                c.u32(); // index type
                yield new BtfType.Array(id, element, c.u32());
            }
            case STRUCT, UNION -> {
                List<BtfType.Member> members = new ArrayList<>(vlen);
                for (int i = 0; i < vlen; i++) {
                    long memberName = c.u32();
                    int type = (int) c.u32();
                    long offset = c.u32();
                    members.add(new BtfType.Member(memberName == 0 ? "" : string(memberName, c, at), type,
                            kindFlag ? offset & 0xffffff : offset, kindFlag ? (int) (offset >>> 24) : 0));
                }
                yield new BtfType.Struct(id, name, kind == BtfKind.UNION, sizeOrType, members);
            }
            case ENUM, ENUM64 -> new BtfType.Enum(id, name, (int) sizeOrType, kindFlag);
            case FWD -> new BtfType.Fwd(id, name, kindFlag);
            case TYPEDEF -> new BtfType.Typedef(id, name, (int) sizeOrType);
            case VOLATILE, CONST, RESTRICT, TYPE_TAG ->
                    new BtfType.Qualifier(id, kind.name().toLowerCase(Locale.ROOT), (int) sizeOrType);
            case VAR -> new BtfType.Var(id, name, (int) sizeOrType, (int) c.u32());
            case DATASEC -> {
                List<BtfType.SecVar> vars = new ArrayList<>(vlen);
                for (int i = 0; i < vlen; i++) {
                    vars.add(new BtfType.SecVar((int) c.u32(), c.u32(), c.u32()));
                }
                yield new BtfType.DataSec(id, name, sizeOrType, vars);
            }
            default -> new BtfType.Other(id, kind.name().toLowerCase(Locale.ROOT), name);
        };
    }

    /**
     * Member {@code name} of the struct or union {@code id} (typedefs and qualifiers stripped), searched
     * through anonymous struct and union members as C does; its bit offset is from the start of {@code id}.
     */
    public Optional<BtfType.Member> member(int id, String name) throws FormatException {
        return member(id, name, 0, 0);
    }

    private Optional<BtfType.Member> member(int id, String name, long at, int depth) throws FormatException {
        if (depth > MAX_CHAIN || !(type(resolve(id)) instanceof BtfType.Struct s)) {
            return Optional.empty();
        }
        for (BtfType.Member m : s.members()) {
            if (m.name().equals(name)) {
                return Optional.of(new BtfType.Member(name, m.type(), at + m.bitOffset(), m.bitSize()));
            }
        }
        for (BtfType.Member m : s.members()) {
            if (m.name().isEmpty()) {
                Optional<BtfType.Member> inner = member(m.type(), name, at + m.bitOffset(), depth + 1);
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        return Optional.empty();
    }

    /** {@code id} with typedefs and qualifiers stripped (void stays 0). */
    public int resolve(int id) throws FormatException {
        int depth = 0;
        while (id != 0) {
            BtfType t = type(id);
            if (t instanceof BtfType.Typedef d) {
                id = d.target();
            } else if (t instanceof BtfType.Qualifier q) {
                id = q.target();
            } else {
                return id;
            }
            if (++depth > MAX_CHAIN) {
                throw new FormatException(source, typesFileOffset, "type id " + id + " is in a loop of typedefs");
            }
        }
        return 0;
    }

    /** The size in bytes of a type's value; -1 for void, functions and forward declarations. */
    public long sizeOf(int id) throws FormatException {
        return sizeOf(id, 0);
    }

    private long sizeOf(int id, int depth) throws FormatException {
        if (depth > MAX_CHAIN) {
            throw new FormatException(source, typesFileOffset, "type id " + id + " is in a loop");
        }
        int r = resolve(id);
        if (r == 0) {
            return -1;
        }
        BtfType t = type(r);
        if (t instanceof BtfType.Int i) {
            return i.size();
        } else if (t instanceof BtfType.Float f) {
            return f.size();
        } else if (t instanceof BtfType.Ptr) {
            return 8;
        } else if (t instanceof BtfType.Enum e) {
            return e.size();
        } else if (t instanceof BtfType.Struct s) {
            return s.size();
        } else if (t instanceof BtfType.Array a) {
            long element = sizeOf(a.element(), depth + 1);
            return element < 0 ? -1 : element * a.count();
        } else if (t instanceof BtfType.Var v) {
            return sizeOf(v.type(), depth + 1);
        } else if (t instanceof BtfType.DataSec d) {
            return d.size();
        }
        return -1;
    }

    /** A readable name of a type: "struct task_struct", "char *", "u32" (its typedef name), "int[4]". */
    public String name(int id) throws FormatException {
        return name(id, 0);
    }

    private String name(int id, int depth) throws FormatException {
        if (id == 0) {
            return "void";
        }
        if (depth > MAX_CHAIN) {
            return "...";
        }
        BtfType t = type(id);
        if (t instanceof BtfType.Ptr p) {
            return name(p.target(), depth + 1) + " *";
        } else if (t instanceof BtfType.Array a) {
            return name(a.element(), depth + 1) + "[" + a.count() + "]";
        } else if (t instanceof BtfType.Struct s) {
            return s.describe();
        } else if (t instanceof BtfType.Enum e) {
            return "enum " + (e.name().isEmpty() ? "(anonymous)" : e.name());
        } else if (t instanceof BtfType.Fwd f) {
            return (f.union() ? "union " : "struct ") + f.name();
        } else if (t instanceof BtfType.Qualifier q) {
            return name(q.target(), depth + 1);
        } else if (t instanceof BtfType.Other o) {
            return o.kind() + " " + o.name();
        }
        return nameOf(t);
    }

    /** The name a named type carries. */
    private static String nameOf(BtfType t) {
        if (t instanceof BtfType.Int i) {
            return i.name();
        } else if (t instanceof BtfType.Float f) {
            return f.name();
        } else if (t instanceof BtfType.Typedef d) {
            return d.name();
        } else if (t instanceof BtfType.Var v) {
            return v.name();
        } else if (t instanceof BtfType.DataSec d) {
            return d.name();
        }
        return "";
    }

    /** A member's type with typedefs and qualifiers resolved, as {@link StructLayout} compares them. */
    private String describe(long id, int depth) throws FormatException {
        if (id == 0) {
            return "void";
        }
        if (id > lastId() || depth > MAX_CHAIN) {
            throw new FormatException(source, typesFileOffset, "type id " + id + " is out of range or in a loop");
        }
        BtfType t = type((int) id);
        if (t instanceof BtfType.Int i) {
            return "int" + i.size() + (i.signed() ? "s" : "");
        } else if (t instanceof BtfType.Float f) {
            return "float" + f.size();
        } else if (t instanceof BtfType.Ptr) {
            return "ptr";
        } else if (t instanceof BtfType.Enum e) {
            return "enum" + e.size();
        } else if (t instanceof BtfType.Array a) {
            return describe(a.element(), depth + 1) + "[" + a.count() + "]";
        } else if (t instanceof BtfType.Struct s) {
            String kind = s.union() ? "union " : "struct ";
            if (!s.name().isEmpty()) {
                return kind + s.name() + "(" + s.size() + ")"; // compared on its own where it is guarded
            }
            // An anonymous struct or union (DECLARE_KHOSER_PTR's union { u64 phys; T ptr; }) is
            // nowhere else to compare: its members' layout is part of this type.
            StringBuilder inner = new StringBuilder(kind).append('{');
            for (BtfType.Member m : s.members()) {
                inner.append(inner.charAt(inner.length() - 1) == '{' ? "" : ", ").append(m.name().isEmpty() ? "(unnamed)" : m.name())
                        .append(' ').append(describe(m.type(), depth + 1)).append(" @").append(m.bitOffset());
                if (m.bitSize() != 0) {
                    inner.append(':').append(m.bitSize());
                }
            }
            return inner.append("}(").append(s.size()).append(')').toString();
        } else if (t instanceof BtfType.Fwd f) {
            return "fwd " + f.name();
        } else if (t instanceof BtfType.Typedef d) {
            return describe(d.target(), depth + 1);
        } else if (t instanceof BtfType.Qualifier q) {
            return describe(q.target(), depth + 1);
        } else if (t instanceof BtfType.Var) {
            return "var";
        } else if (t instanceof BtfType.DataSec) {
            return "datasec";
        }
        return ((BtfType.Other) t).kind();
    }

    private BtfKind kindAt(int at) {
        return BtfKind.of(types.get(at + 7) & 0x1f);
    }

    private ByteCursor cursor(int at) throws FormatException {
        ByteCursor c = ByteCursor.of(types, source, typesFileOffset);
        c.seek(at);
        return c;
    }

    /** A name from the string section, the base's included. */
    private String stringAt(long offset) throws FormatException {
        if (offset < stringBase) {
            return base.stringAt(offset);
        }
        ByteCursor names = ByteCursor.of(strings, source, 0);
        return names.stringAt(offset - stringBase);
    }

    private String string(long offset, ByteCursor c, int at) throws FormatException {
        if (offset < stringBase) {
            return base.stringAt(offset);
        }
        return string(ByteCursor.of(strings, source, 0), offset - stringBase, c, at); // a cursor per name: stringAt needs no position
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
