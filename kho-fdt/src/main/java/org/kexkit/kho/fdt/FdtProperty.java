package org.kexkit.kho.fdt;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/** One property: a name from the strings block and the raw value bytes. */
public record FdtProperty(String name, byte[] value) {
    public FdtProperty {
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    public int length() {
        return value.length;
    }

    /** The value as one NUL-terminated string, or null if it is not exactly that. */
    public String asString() {
        if (value.length == 0 || value[value.length - 1] != 0) {
            return null;
        }
        for (int i = 0; i < value.length - 1; i++) {
            if (value[i] == 0) {
                return null;
            }
        }
        return new String(value, 0, value.length - 1, StandardCharsets.UTF_8);
    }

    /**
     * A raw u64 in x86 byte order, as KHO stores addresses and sizes (fdt_property(..., &u64, 8),
     * read with get_unaligned), or null if the value is not 8 bytes.
     */
    public Long asRawU64Le() {
        if (value.length != 8) {
            return null;
        }
        return ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FdtProperty p && p.name.equals(name) && Arrays.equals(p.value, value);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return name + "=[" + HexFormat.of().formatHex(value) + "]";
    }
}
