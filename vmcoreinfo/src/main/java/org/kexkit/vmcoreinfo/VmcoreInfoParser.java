package org.kexkit.vmcoreinfo;

import java.nio.charset.StandardCharsets;
import org.kexkit.bin.ByteCursor;
import org.kexkit.bin.FormatException;

/**
 * Parses VMCOREINFO text ({@code KEY=VALUE} lines, include/linux/vmcore_info.h
 * and kernel/vmcore_info.c). Strict about what the kernel never writes, so that
 * garbage is reported at its line instead of turning into wrong addresses:
 * every malformed line is a {@link FormatException} at the line's absolute
 * file offset.
 */
public final class VmcoreInfoParser {
    /** Longest piece of a bad line quoted in an error message. */
    private static final int QUOTE_LIMIT = 60;

    private VmcoreInfoParser() {
    }

    /** Parses the remaining bytes of {@code cursor} (e.g. a VMCOREINFO note's desc). */
    public static VmcoreInfo parse(ByteCursor cursor) throws FormatException {
        long base = cursor.absolute();
        return parse(cursor.bytes(cursor.remaining()), cursor.source(), base);
    }

    /**
     * Parses {@code text}, whose first byte sits at {@code baseOffset} in the
     * file called {@code source}. Trailing NULs (padding of the note buffer)
     * are allowed.
     */
    public static VmcoreInfo parse(byte[] text, String source, long baseOffset) throws FormatException {
        int end = text.length;
        while (end > 0 && text[end - 1] == 0) {
            end--;
        }
        VmcoreInfo.Builder builder = new VmcoreInfo.Builder();
        int lineNumber = 0;
        int start = 0;
        while (start < end) {
            int newline = start;
            while (newline < end && text[newline] != '\n') {
                newline++;
            }
            lineNumber++;
            Line line = new Line(source, baseOffset + start, lineNumber, text, start, newline);
            if (newline > start) {
                parseLine(line, builder);
            }
            start = newline + 1;
        }
        return builder.build();
    }

    private static void parseLine(Line line, VmcoreInfo.Builder builder) throws FormatException {
        String text = line.text();
        int equals = text.indexOf('=');
        if (equals <= 0) {
            throw line.error("expected KEY=VALUE, found " + quote(text));
        }
        String key = text.substring(0, equals);
        String value = text.substring(equals + 1);
        builder.lines.put(key, value);

        int paren = key.indexOf('(');
        if (paren > 0) {
            EntryKind kind = EntryKind.forWord(key.substring(0, paren));
            if (kind != null) {
                if (!key.endsWith(")") || key.length() == paren + 2) {
                    throw line.error("expected " + kind + "(name), found " + quote(key));
                }
                String name = key.substring(paren + 1, key.length() - 1);
                builder.entry(kind, name, entryValue(line, kind, key, value));
                return;
            }
        }
        switch (key) {
            case "OSRELEASE" -> builder.osRelease = value;
            case "BUILD-ID" -> builder.buildId = hexText(line, key, value);
            case "PAGESIZE" -> builder.pageSize = pageSize(line, value);
            case "KERNELOFFSET" -> builder.kernelOffset = hex(line, key, value);
            case "CRASHTIME" -> builder.crashTime = signedDecimal(line, key, value);
            default -> {
                if (key.startsWith("CONFIG_") && key.length() > "CONFIG_".length()) {
                    builder.configs.put(key.substring("CONFIG_".length()), value);
                } else {
                    builder.unknown.put(key, value);
                }
            }
        }
    }

    private static long entryValue(Line line, EntryKind kind, String key, String value) throws FormatException {
        switch (kind) {
            case SYMBOL: {
                long address = hex(line, key, value);
                if (address == 0) {
                    throw line.error("expected a non-zero address for " + key + ", found " + quote(value));
                }
                return address;
            }
            case NUMBER:
                return value.startsWith("0x") || value.startsWith("0X")
                        ? hex(line, key, value) : signedDecimal(line, key, value);
            default:
                return unsignedDecimal(line, key, value);
        }
    }

    private static long pageSize(Line line, String value) throws FormatException {
        long size = unsignedDecimal(line, "PAGESIZE", value);
        if (size <= 0 || Long.bitCount(size) != 1) {
            throw line.error("expected PAGESIZE to be a power of two, found " + quote(value));
        }
        return size;
    }

    /** Hex as the kernel's %lx writes it; a 0x prefix is tolerated (makedumpfile -g files). */
    private static long hex(Line line, String key, String value) throws FormatException {
        String digits = value.startsWith("0x") || value.startsWith("0X") ? value.substring(2) : value;
        if (digits.isEmpty() || !isHex(digits)) {
            throw line.error("expected a hex number for " + key + ", found " + quote(value));
        }
        String significant = stripLeadingZeros(digits);
        if (significant.length() > 16) {
            throw line.error("expected a 64-bit hex number for " + key + ", found " + quote(value));
        }
        return significant.isEmpty() ? 0 : Long.parseUnsignedLong(significant, 16);
    }

    private static long unsignedDecimal(Line line, String key, String value) throws FormatException {
        if (value.isEmpty() || !isDecimal(value)) {
            throw line.error("expected an unsigned decimal number for " + key + ", found " + quote(value));
        }
        try {
            return Long.parseUnsignedLong(value);
        } catch (NumberFormatException e) {
            throw line.error("expected a 64-bit decimal number for " + key + ", found " + quote(value));
        }
    }

    private static long signedDecimal(Line line, String key, String value) throws FormatException {
        String digits = value.startsWith("-") ? value.substring(1) : value;
        if (digits.isEmpty() || !isDecimal(digits)) {
            throw line.error("expected a decimal number for " + key + ", found " + quote(value));
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw line.error("expected a 64-bit signed decimal number for " + key + ", found " + quote(value));
        }
    }

    private static String hexText(Line line, String key, String value) throws FormatException {
        if (value.isEmpty() || !isHex(value)) {
            throw line.error("expected hex digits for " + key + ", found " + quote(value));
        }
        return value;
    }

    private static boolean isHex(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDecimal(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String stripLeadingZeros(String digits) {
        int i = 0;
        while (i < digits.length() && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }

    static String quote(String text) {
        String shown = text.length() > QUOTE_LIMIT ? text.substring(0, QUOTE_LIMIT) + "..." : text;
        return "\"" + shown + "\"";
    }

    /** One line of the text, checked to be printable ASCII. */
    private static final class Line {
        private final String source;
        private final long offset;
        private final int number;
        private final String text;

        Line(String source, long offset, int number, byte[] bytes, int from, int to) throws FormatException {
            this.source = source;
            this.offset = offset;
            this.number = number;
            for (int i = from; i < to; i++) {
                int b = bytes[i] & 0xff;
                if (b < 0x20 || b > 0x7e) {
                    String what = b == 0 ? "a NUL byte" : String.format("byte 0x%02x", b);
                    throw error("expected printable ASCII, found " + what + " at column " + (i - from + 1));
                }
            }
            this.text = new String(bytes, from, to - from, StandardCharsets.US_ASCII);
        }

        String text() {
            return text;
        }

        FormatException error(String problem) {
            return new FormatException(source, offset, "VMCOREINFO line " + number + ": " + problem);
        }
    }
}
