package org.kexkit.kho.fdt;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** How a property value is shown: the closed set of value kinds the text view knows. */
public sealed interface PropertyValue {
    /** No value (a boolean property such as {@code ranges;}). */
    record Empty() implements PropertyValue {
    }

    /** One or more NUL-terminated printable strings. */
    record Strings(List<String> values) implements PropertyValue {
        public Strings {
            values = List.copyOf(values);
        }
    }

    /** Big-endian u32 cells, the device tree's own integers. */
    record Cells(List<Long> values) implements PropertyValue {
        public Cells {
            values = List.copyOf(values);
        }
    }

    /** A raw u64 in little-endian CPU byte order: how KHO stores addresses and sizes. */
    record U64Le(long value) implements PropertyValue {
    }

    /** Anything else, byte by byte. */
    record Bytes(byte[] values) implements PropertyValue {
        public Bytes {
            values = values.clone();
        }
    }

    /**
     * What dtc and fdtdump would show for these bytes: strings if every string is printable and
     * non-empty (dtc util.c util_is_printable_string), else cells if the length is a multiple of 4,
     * else bytes.
     */
    static PropertyValue guess(byte[] value) {
        if (value.length == 0) {
            return new Empty();
        }
        List<String> strings = printableStrings(value);
        if (strings != null) {
            return new Strings(strings);
        }
        if (value.length % 4 == 0) {
            List<Long> cells = new ArrayList<>();
            ByteBuffer b = ByteBuffer.wrap(value);
            while (b.hasRemaining()) {
                cells.add(b.getInt() & 0xffffffffL);
            }
            return new Cells(cells);
        }
        return new Bytes(value);
    }

    static PropertyValue u64Le(byte[] value) {
        return new U64Le(ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getLong());
    }

    private static List<String> printableStrings(byte[] value) {
        if (value[value.length - 1] != 0) {
            return null;
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < value.length; i++) {
            if (value[i] == 0) {
                if (i == start) {
                    return null;
                }
                out.add(new String(value, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            } else if (value[i] < 0x20 || value[i] > 0x7e) {
                return null;
            }
        }
        return out;
    }
}
