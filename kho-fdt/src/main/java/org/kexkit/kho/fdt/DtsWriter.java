package org.kexkit.kho.fdt;

import java.util.stream.Collectors;

/**
 * The dts-like text view. With {@link PropertyTyping#GUESS} it prints what {@code dtc -I dtb -O dts}
 * prints (tabs, a blank line before each child, cells as {@code 0x%02x}). A raw little-endian u64
 * is shown as {@code /le64/ <0x267000>}: dtc has no such syntax, and would show the same bytes as two
 * byte-swapped cells.
 */
public final class DtsWriter {
    private final PropertyTyping typing;

    public DtsWriter(PropertyTyping typing) {
        this.typing = typing;
    }

    public String write(Fdt fdt) {
        StringBuilder out = new StringBuilder("/dts-v1/;\n\n");
        for (ReserveEntry e : fdt.reservations()) {
            out.append(String.format("/memreserve/\t0x%016x 0x%016x;%n", e.address(), e.size()));
        }
        node(out, fdt.root(), 0);
        return out.toString();
    }

    private void node(StringBuilder out, FdtNode node, int depth) {
        String indent = "\t".repeat(depth);
        out.append(indent).append(depth == 0 ? "/" : node.name()).append(" {\n");
        for (FdtProperty p : node.properties()) {
            out.append(indent).append('\t').append(p.name());
            String value = value(typing.type(node, p));
            out.append(value.isEmpty() ? "" : " = " + value).append(";\n");
        }
        for (FdtNode child : node.children()) {
            out.append('\n');
            node(out, child, depth + 1);
        }
        out.append(indent).append("};\n");
    }

    /** One value in dts syntax; empty for a property without a value. */
    public static String value(PropertyValue value) {
        if (value instanceof PropertyValue.Strings s) {
            return s.values().stream().map(DtsWriter::quote).collect(Collectors.joining(", "));
        }
        if (value instanceof PropertyValue.Cells c) {
            return c.values().stream().map(v -> String.format("0x%02x", v)).collect(Collectors.joining(" ", "<", ">"));
        }
        if (value instanceof PropertyValue.U64Le u) {
            return String.format("/le64/ <0x%x>", u.value());
        }
        if (value instanceof PropertyValue.Bytes b) {
            StringBuilder s = new StringBuilder("[");
            for (byte x : b.values()) {
                s.append(s.length() == 1 ? "" : " ").append(String.format("%02x", x));
            }
            return s.append(']').toString();
        }
        return ""; // PropertyValue.Empty
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
