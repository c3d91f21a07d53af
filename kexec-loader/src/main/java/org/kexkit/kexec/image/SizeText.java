package org.kexkit.kexec.image;

import java.util.Locale;

/** Short byte counts for tables and errors: {@code 43 MiB}, {@code 8 KiB}, {@code 1.5 MiB}, {@code 312 B}. */
final class SizeText {
    private SizeText() {
    }

    static String of(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        if (unit == 0 || value == Math.rint(value)) {
            return (long) value + " " + units[unit];
        }
        return String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, units[unit]);
    }
}
