package org.kexkit.bin;

/**
 * Text from outside (a file name, a string read from a dump, a kernel's or an extension's
 * message) made safe for a one-line error message: control characters are shown escaped
 * ({@code \n}, {@code \r}, {@code \x1b}), so the message stays one line and cannot move a
 * terminal's cursor or change its colours. Printable text, tabs and non-ASCII letters are kept.
 * Escaping twice changes nothing more: the escapes are printable.
 */
public final class OneLine {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private OneLine() {
    }

    /** {@code text} with its control characters escaped; null stays null. */
    public static String of(String text) {
        if (text == null || text.chars().noneMatch(OneLine::control)) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> {
                    if (control(c)) {
                        // by hand: a Formatter per character would cost kilobytes each
                        b.append(c < 0x100 ? "\\x" : "\\u");
                        if (c >= 0x100) {
                            b.append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf]);
                        }
                        b.append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /**
     * A character that would break or garble the line: C0 controls but tab, DEL, the C1 controls
     * (U+0080..U+009F, which some terminals obey as escape sequences) and the Unicode line and
     * paragraph separators.
     */
    private static boolean control(int c) {
        return (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029;
    }
}
