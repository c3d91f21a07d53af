package org.kexkit.kexec;

import java.util.Locale;

/** Byte counts for messages and tables, in binary units. */
public final class Sizes {
    private static final long MIB = 1L << 20;
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private Sizes() {
    }

    /** In MiB with the exact count: {@code 256 MiB (268435456 bytes)}, {@code 1.5 MiB (1572864 bytes)}. */
    public static String describe(long bytes) {
        String mib = bytes % MIB == 0 ? String.valueOf(bytes / MIB)
                : String.format(Locale.ROOT, "%.1f", bytes / (double) MIB);
        return mib + " MiB (" + bytes + " bytes)";
    }

    /** Short, in the largest unit that fits: {@code 43 MiB}, {@code 8 KiB}, {@code 1.5 MiB}, {@code 312 B}. */
    public static String brief(long bytes) {
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        if (unit == 0 || value == Math.rint(value)) {
            return (long) value + " " + UNITS[unit];
        }
        return String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, UNITS[unit]);
    }
}
