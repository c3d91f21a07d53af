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
            String at = bitOffset % 8 == 0 && bitSize == 0 ? "byte " + bitOffset / 8 : "bit " + bitOffset;
            return name + " (" + type + " at " + at + (bitSize != 0 ? ", " + bitSize + " bits" : "") + ")";
        }
    }

    /** The first difference from {@code other}, for one warning line; empty when the layouts are equal. */
    public String difference(StructLayout other) {
        if (size != other.size) {
            return "size " + size + " -> " + other.size;
        }
        for (int i = 0; i < Math.min(fields.size(), other.fields.size()); i++) {
            if (!fields.get(i).equals(other.fields.get(i))) {
                return fields.get(i).describe() + " -> " + other.fields.get(i).describe();
            }
        }
        if (fields.size() != other.fields.size()) {
            return fields.size() + " members -> " + other.fields.size();
        }
        return "";
    }
}
