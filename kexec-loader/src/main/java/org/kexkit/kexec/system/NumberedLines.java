package org.kexkit.kexec.system;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines of a /proc or /sys text file with their line numbers and byte
 * offsets, so a parse failure can say exactly where the bad line is. The
 * files are ASCII; text is read as ISO-8859-1 so one char is one byte.
 */
final class NumberedLines {
    /** One line without its newline; {@code number} counts from 1, {@code offset} from 0. */
    record Line(int number, long offset, String text) {
    }

    private NumberedLines() {
    }

    /** All lines; a final newline does not make an extra empty line. */
    static List<Line> of(String text) {
        List<Line> lines = new ArrayList<>();
        int start = 0;
        int number = 1;
        while (start < text.length()) {
            int newline = text.indexOf('\n', start);
            int end = newline < 0 ? text.length() : newline;
            lines.add(new Line(number++, start, text.substring(start, end)));
            start = end + 1;
        }
        return lines;
    }
}
