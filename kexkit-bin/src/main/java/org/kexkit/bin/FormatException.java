package org.kexkit.bin;

/**
 * Bad or truncated data in a binary or text format. The message always says
 * where: {@code NAME: offset 0xHEX: what was expected and what was found}, so
 * a user can open the file at that offset and see the problem. It is one line
 * whatever the data held: control characters that a message quotes from the
 * input (a name with a line break in it) are shown escaped ({@code \n}, {@code \x01}).
 */
public final class FormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final String source;
    private final long offset;
    private final String problem;

    public FormatException(String source, long offset, String problem) {
        super(oneLine(source) + ": offset 0x" + Long.toHexString(offset) + ": " + oneLine(problem));
        this.source = source;
        this.offset = offset;
        this.problem = oneLine(problem);
    }

    /** {@code text} with its control characters escaped. */
    static String oneLine(String text) {
        if (text == null || text.chars().noneMatch(FormatException::control)) {
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
                        b.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** A character that would break or garble the line (a tab does neither). */
    private static boolean control(int c) {
        return (c < 0x20 && c != '\t') || c == 0x7f;
    }

    /** The file or stream name the data came from. */
    public String source() {
        return source;
    }

    /** Absolute offset of the bad data in its file. */
    public long offset() {
        return offset;
    }

    /** The message without the source and offset prefix. */
    public String problem() {
        return problem;
    }
}
