package org.kexkit.cli;

import java.util.Locale;

/** The small pieces every text or JSON report is made of. */
final class ReportText {
    private ReportText() {
    }

    /** {@code 0x1f}: addresses and sizes in JSON and text. */
    static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }

    /** One formatted line; numbers are formatted the same in every locale. */
    static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
