package org.kexkit.dump.printk;

import java.util.OptionalInt;

/**
 * One kernel log message as the ring buffer holds it.
 *
 * @param timestampNanos printk_info.ts_nsec (printk_log.ts_nsec before 5.10): nanoseconds since boot, unsigned
 * @param callerId       printk_info.caller_id when the kernel records it: a task id, or a CPU id with bit 31 set
 * @param text           the message bytes, text_len of them, without a trailing newline
 */
public record LogRecord(long timestampNanos, OptionalInt callerId, byte[] text) {
    public LogRecord {
        text = text.clone();
    }

    @Override
    public byte[] text() {
        return text.clone();
    }
}
