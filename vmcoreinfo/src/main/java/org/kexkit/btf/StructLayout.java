package org.kexkit.btf;

import java.util.List;

/**
 * A struct's binary layout as BTF describes it: size and, per member, name, bit offset, bitfield
 * width and type, with typedefs and qualifiers resolved (u64 and __u64 are both "int8"), so two
 * kernels' layouts compare equal exactly when the bytes mean the same.
 */
public record StructLayout(String name, long size, List<Field> fields) {
    public StructLayout {
        fields = List.copyOf(fields);
    }

    /** One member; {@code type} is e.g. "int8", "char1[65]", "ptr", "struct kho_vmalloc(16)". */
    public record Field(String name, long bitOffset, int bitSize, String type) {
        String describe() {
            String label = name.isEmpty() ? "(unnamed)" : name;
            String at = bitOffset % 8 == 0 && bitSize == 0 ? "byte " + bitOffset / 8 : "bit " + bitOffset;
            return label + " (" + type + " at " + at + (bitSize != 0 ? ", " + bitSize + " bits" : "") + ")";
        }
    }

    /**
     * How {@code other} differs, for one line; empty when the layouts are equal. Names the size
     * change and the first member that was added, removed or moved (members are matched by name;
     * unnamed ones by position), e.g. "size 40 -> 48, member generation (int8 at byte 40) added".
     */
    public String difference(StructLayout other) {
        List<String> parts = new java.util.ArrayList<>();
        if (size != other.size) {
            parts.add("size " + size + " -> " + other.size);
        }
        java.util.Map<String, Field> mine = byName(fields);
        java.util.Map<String, Field> theirs = byName(other.fields);
        String member = "";
        for (var e : theirs.entrySet()) {
            Field was = mine.get(e.getKey());
            if (was == null) {
                member = "member " + e.getValue().describe() + " added";
            } else if (!was.equals(e.getValue())) {
                member = "member " + was.describe() + " -> " + e.getValue().describe();
            }
            if (!member.isEmpty()) {
                break;
            }
        }
        if (member.isEmpty()) {
            for (var e : mine.entrySet()) {
                if (!theirs.containsKey(e.getKey())) {
                    member = "member " + e.getValue().describe() + " removed";
                    break;
                }
            }
        }
        if (member.isEmpty() && !fields.equals(other.fields)) {
            member = "members reordered";
        }
        if (!member.isEmpty()) {
            parts.add(member);
        }
        return String.join(", ", parts);
    }

    /** Members by name in declaration order; unnamed ones (anonymous structs, unions, padding bitfields) by position. */
    private static java.util.Map<String, Field> byName(List<Field> fields) {
        java.util.Map<String, Field> m = new java.util.LinkedHashMap<>();
        int unnamed = 0;
        for (Field f : fields) {
            m.put(f.name().isEmpty() ? "\0" + unnamed++ : f.name(), f);
        }
        return m;
    }
}
