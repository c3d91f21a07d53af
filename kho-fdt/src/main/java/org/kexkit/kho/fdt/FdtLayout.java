package org.kexkit.kho.fdt;

import java.util.Arrays;
import java.util.List;

/**
 * Where a parsed blob's blocks sat and its strings block as found. The tree does not determine
 * these: libfdt's sequential writer, fdt_pack() and in-place edits each lay blocks and strings out
 * differently, so a byte-exact rewrite needs them. {@code nameOffsets} are the properties' name
 * offsets in struct order: a name can occur twice in the strings block (the sequential writer
 * reuses a suffix only for names added after it), so the offset is not always the first match.
 */
public record FdtLayout(FdtHeader header, byte[] strings, List<Integer> nameOffsets) {
    public FdtLayout {
        strings = strings.clone();
        nameOffsets = List.copyOf(nameOffsets);
    }

    @Override
    public byte[] strings() {
        return strings.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FdtLayout l && l.header.equals(header) && Arrays.equals(l.strings, strings)
                && l.nameOffsets.equals(nameOffsets);
    }

    @Override
    public int hashCode() {
        return (header.hashCode() * 31 + Arrays.hashCode(strings)) * 31 + nameOffsets.hashCode();
    }
}
