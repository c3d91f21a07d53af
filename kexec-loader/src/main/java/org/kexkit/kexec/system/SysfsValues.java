package org.kexkit.kexec.system;

import java.util.ArrayList;
import java.util.List;
import org.kexkit.bin.FormatException;

/**
 * Parsers for the one-value files of /sys: hex numbers with or without "0x"
 * (the kernel prints %llx for crash_notes, %pa with 0x for vmcoreinfo),
 * decimal numbers, and CPU lists ("0-3,5", lib/bitmap-str.c).
 */
public final class SysfsValues {
    private SysfsValues() {
    }

    /** A hex number, "0x" optional, surrounding whitespace ignored. */
    public static long hex(String text, String source, String what) throws FormatException {
        String value = text.strip();
        String digits = value.startsWith("0x") || value.startsWith("0X") ? value.substring(2) : value;
        try {
            if (digits.isEmpty() || digits.length() > 16 || digits.startsWith("+") || digits.startsWith("-")) {
                throw new NumberFormatException();
            }
            return Long.parseUnsignedLong(digits, 16);
        } catch (NumberFormatException e) {
            throw new FormatException(source, 0, "expected " + what + " as a hex number, found '" + value + "'");
        }
    }

    public static long decimal(String text, String source, String what) throws FormatException {
        String value = text.strip();
        try {
            if (value.startsWith("+") || value.startsWith("-")) {
                throw new NumberFormatException();
            }
            return Long.parseUnsignedLong(value);
        } catch (NumberFormatException e) {
            throw new FormatException(source, 0, "expected " + what + " as a decimal number, found '" + value + "'");
        }
    }

    /** A CPU list such as "0-3,8,10-11" (an empty file is an empty list). */
    /**
     * CPU numbers a list may hold: x86-64's largest NR_CPUS, 8192 (CONFIG_MAXSMP, arch/x86/Kconfig);
     * the bound keeps a corrupt range such as 0-2147483646 from becoming billions of entries.
     */
    static final int MAX_CPUS = 8192;

    public static List<Integer> cpuList(String text, String source) throws FormatException {
        String value = text.strip();
        List<Integer> cpus = new ArrayList<>();
        if (value.isEmpty()) {
            return cpus;
        }
        int offset = 0;
        for (String part : value.split(",", -1)) {
            try {
                int dash = part.indexOf('-');
                int first = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
                int last = dash < 0 ? first : Integer.parseInt(part.substring(dash + 1));
                if (first < 0 || last < first) {
                    throw new NumberFormatException();
                }
                if (last >= MAX_CPUS) {
                    throw new FormatException(source, offset, "expected CPU numbers below " + MAX_CPUS + ", found '"
                            + part + "'");
                }
                if (!cpus.isEmpty() && first <= cpus.get(cpus.size() - 1)) {
                    // the kernel prints a cpumask in ascending order (bitmap_print_to_pagebuf): so a list
                    // holds each cpu once, and at most MAX_CPUS of them
                    throw new FormatException(source, offset, "expected CPU numbers in ascending order, found '"
                            + part + "' after " + cpus.get(cpus.size() - 1));
                }
                for (int cpu = first; cpu <= last; cpu++) {
                    cpus.add(cpu);
                }
            } catch (NumberFormatException e) {
                throw new FormatException(source, offset, "expected a CPU list like 0-3,5, found '" + part + "'");
            }
            offset += part.length() + 1;
        }
        return cpus;
    }
}
