package org.kexkit.bin;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The plain {@code key=value} text, one pair a line, that kexkit keeps its small records in (the
 * /run/kexkit load records, a crash directory's status) so that a shell reads them too, and that
 * the harness's drgn scripts print.
 */
public final class KeyValueLines {
    private KeyValueLines() {
    }

    /**
     * The pairs in the text's order: the first '=' of a line splits it, a line without a key is
     * skipped, and a key given twice keeps its last value.
     */
    public static Map<String, String> parse(String text) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                pairs.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return pairs;
    }

    /** The pairs as lines (UTF-8); a line break inside a value becomes a blank, so it cannot start a line of its own. */
    public static byte[] write(Map<String, String> pairs) {
        StringBuilder s = new StringBuilder();
        pairs.forEach((key, value) -> s.append(key).append('=').append(value.replace('\n', ' ')).append('\n'));
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }
}
