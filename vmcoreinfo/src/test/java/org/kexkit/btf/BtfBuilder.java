package org.kexkit.btf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes small BTF blobs for tests: INT, PTR, ARRAY, TYPEDEF, STRUCT, UNION, VAR and DATASEC types, ids in order of adding. */
public final class BtfBuilder {
    private final ByteArrayOutputStream types = new ByteArrayOutputStream();
    private final ByteArrayOutputStream strings = new ByteArrayOutputStream();
    private int next = 1;

    public BtfBuilder() {
        strings.write(0);
    }

    /** An unsigned integer of {@code bytes} bytes; returns its id. */
    public int integer(String name, int bytes) {
        type(name, 1, 0, bytes);
        u32(types, bytes * 8);
        return next++;
    }

    public int array(int element, int count) {
        type(null, 3, 0, 0);
        u32(types, element);
        u32(types, element);
        u32(types, count);
        return next++;
    }

    public int pointer(int target) {
        type(null, 2, 0, target);
        return next++;
    }

    /** A global variable (BTF_KIND_VAR, linkage 1). */
    public int variable(String name, int type) {
        type(name, 14, 0, type);
        u32(types, 1);
        return next++;
    }

    /** A section (BTF_KIND_DATASEC) holding {@code vars}, each 8 bytes at 8 * its index. */
    public int datasec(String name, int... vars) {
        type(name, 15, vars.length, 8 * vars.length);
        for (int i = 0; i < vars.length; i++) {
            u32(types, vars[i]);
            u32(types, 8 * i);
            u32(types, 8);
        }
        return next++;
    }

    public int typedef(String name, int type) {
        type(name, 8, 0, type);
        return next++;
    }

    /** A struct; members are (name, type id, byte offset) triples. */
    public int struct(String name, int size, Object... members) {
        type(name, 4, members.length / 3, size);
        for (int i = 0; i < members.length; i += 3) {
            u32(types, name((String) members[i]));
            u32(types, (Integer) members[i + 1]);
            u32(types, (Integer) members[i + 2] * 8);
        }
        return next++;
    }

    /** A union (or, with a null name, an anonymous one); members are (name, type id, byte offset) triples. */
    public int union(String name, int size, Object... members) {
        type(name, 5, members.length / 3, size);
        for (int i = 0; i < members.length; i += 3) {
            u32(types, members[i] == null ? 0 : name((String) members[i]));
            u32(types, (Integer) members[i + 1]);
            u32(types, (Integer) members[i + 2] * 8);
        }
        return next++;
    }

    /**
     * A struct with kind_flag set, as pahole writes one that has bitfields: members are (name, type
     * id, bit offset, bit size) quadruples, the size in the offset's top 8 bits (0: not a bitfield).
     */
    public int bitfieldStruct(String name, int size, Object... members) {
        u32(types, name(name));
        u32(types, 1 << 31 | 4 << 24 | members.length / 4);
        u32(types, size);
        for (int i = 0; i < members.length; i += 4) {
            u32(types, name((String) members[i]));
            u32(types, (Integer) members[i + 1]);
            u32(types, (Integer) members[i + 3] << 24 | (Integer) members[i + 2]);
        }
        return next++;
    }

    public byte[] bytes() {
        byte[] t = types.toByteArray();
        byte[] s = strings.toByteArray();
        ByteBuffer b = ByteBuffer.allocate(Btf.HEADER_SIZE + t.length + s.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) Btf.MAGIC).put((byte) 1).put((byte) 0).putInt(Btf.HEADER_SIZE).putInt(0).putInt(t.length)
                .putInt(t.length).putInt(s.length).put(t).put(s);
        return b.array();
    }

    private void type(String name, int kind, int vlen, int sizeOrType) {
        u32(types, name == null ? 0 : name(name));
        u32(types, kind << 24 | vlen);
        u32(types, sizeOrType);
    }

    private int name(String name) {
        int at = strings.size();
        strings.writeBytes((name + "\0").getBytes(StandardCharsets.UTF_8));
        return at;
    }

    private static void u32(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }
}
