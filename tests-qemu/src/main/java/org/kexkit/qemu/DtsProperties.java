package org.kexkit.qemu;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kexkit.qemu.run.QemuRunException;

/**
 * The properties of a dts text as bytes, keyed by node path and name, in order: what dtc prints
 * (strings, big-endian cells) and what kexkit kho show prints (strings, /le64/ raw little-endian
 * u64s) become comparable. Only the forms those two print are understood.
 */
public final class DtsProperties {
    private static final Pattern NODE = Pattern.compile("^\\s*([^\\s{}]+)\\s*\\{\\s*$");
    private static final Pattern PROPERTY = Pattern.compile("^\\s*([^\\s=;]+)\\s*=\\s*(.*);\\s*$");
    private static final Pattern STRING = Pattern.compile("^\"((?:[^\"\\\\]|\\\\.)*)\"$");
    private static final Pattern CELLS = Pattern.compile("^<([^>]*)>$");
    private static final Pattern LE64 = Pattern.compile("^/le64/\\s*<(0x[0-9a-fA-F]+|\\d+)>$");

    private DtsProperties() {}

    /** "/path:name" -> hex of the value's bytes, in the order of the text; the dts part only. */
    public static Map<String, String> of(String dts) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> path = new ArrayList<>();
        boolean inTree = false;
        for (String line : dts.split("\n")) {
            if (line.strip().equals("/ {")) {
                inTree = true;
                path.clear();
                continue;
            }
            if (!inTree) {
                continue;
            }
            if (line.strip().equals("};")) {
                if (path.isEmpty()) {
                    inTree = false; // the root closed: kexkit's explanation follows
                } else {
                    path.remove(path.size() - 1);
                }
                continue;
            }
            Matcher node = NODE.matcher(line);
            if (node.matches()) {
                path.add(node.group(1));
                continue;
            }
            Matcher p = PROPERTY.matcher(line);
            if (p.matches()) {
                out.put("/" + String.join("/", path) + ":" + p.group(1), java.util.HexFormat.of().formatHex(value(p.group(2).strip())));
            }
        }
        return out;
    }

    static byte[] value(String text) {
        Matcher s = STRING.matcher(text);
        if (s.matches()) {
            byte[] b = s.group(1).getBytes(StandardCharsets.UTF_8);
            byte[] z = java.util.Arrays.copyOf(b, b.length + 1);
            return z;
        }
        Matcher le = LE64.matcher(text);
        if (le.matches()) {
            long v = Long.decode(le.group(1));
            return java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(v).array();
        }
        Matcher c = CELLS.matcher(text);
        if (c.matches()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (String cell : c.group(1).strip().split("\\s+")) {
                if (!cell.isEmpty()) {
                    long v = Long.decode(cell);
                    out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt((int) v).array());
                }
            }
            return out.toByteArray();
        }
        throw new QemuRunException("a dts value this comparison does not read: " + text);
    }
}
