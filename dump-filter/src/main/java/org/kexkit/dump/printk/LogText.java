package org.kexkit.dump.printk;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The kernel log as makedumpfile --dump-dmesg writes it (makedumpfile printk.c dump_record,
 * makedumpfile.c dump_log_entry): per record a {@code [%5lld.%06ld] } timestamp, then with
 * caller ids a {@code [%8s] } field such as {@code [      T1]}, then the text; a newline inside
 * the text continues on a new line indented to the text column, and a byte that is neither
 * printable nor white space in the C locale becomes {@code \xNN}.
 */
public final class LogText {
    /** makedumpfile's PID_CHARS_DEFAULT: the width of the caller id field. */
    static final int CALLER_WIDTH = 8;
    /** printk_caller_id(): bit 31 set means a CPU number, clear a task id. */
    static final int CALLER_CPU = 0x80000000;

    private LogText() {
    }

    public static byte[] format(List<LogRecord> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (LogRecord r : records) {
            append(r, out);
        }
        return out.toByteArray();
    }

    static void append(LogRecord r, ByteArrayOutputStream out) {
        long seconds = Long.divideUnsigned(r.timestampNanos(), 1_000_000_000L);
        long micros = Long.remainderUnsigned(r.timestampNanos(), 1_000_000_000L) / 1000;
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "[%5d.%06d] ", seconds, micros));
        if (r.callerId().isPresent()) {
            int id = r.callerId().getAsInt();
            String caller = ((id & CALLER_CPU) != 0 ? "C" : "T") + Integer.toUnsignedString(id & ~CALLER_CPU);
            head.append(String.format(Locale.ROOT, "[%" + CALLER_WIDTH + "s] ", caller));
        }
        byte[] prefix = head.toString().getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(prefix);
        for (byte b : r.text()) {
            if (b == '\n') {
                out.write('\n');
                for (int i = 0; i < prefix.length; i++) {
                    out.write(' ');
                }
            } else if (printable(b) || space(b)) {
                out.write(b);
            } else {
                // makedumpfile prints the signed char through %02x: bytes from 0x80 come out as ffffffNN
                out.writeBytes(String.format(Locale.ROOT, "\\x%02x", (int) b).getBytes(StandardCharsets.US_ASCII));
            }
        }
        out.write('\n');
    }

    /** isprint() in the C locale. */
    private static boolean printable(byte b) {
        return b >= 0x20 && b <= 0x7e;
    }

    /** isspace() in the C locale: space, \t, \n, \v, \f, \r. */
    private static boolean space(byte b) {
        return b == ' ' || (b >= 0x09 && b <= 0x0d);
    }
}
