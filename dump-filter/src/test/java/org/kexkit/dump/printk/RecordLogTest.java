package org.kexkit.dump.printk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.kexkit.bin.FormatException;

/**
 * A synthetic 3.5-5.9 record log: a 256-byte log_buf whose oldest records sit near its end,
 * an end marker (length 0) and two more records from index 0, with 5.1+ caller ids.
 */
class RecordLogTest {
    static final long LOG_BUF = SyntheticMemory.TEXT + 0x100;
    static final long LOG_BUF_LEN = SyntheticMemory.TEXT + 0x108;
    static final long FIRST = SyntheticMemory.TEXT + 0x110;
    static final long NEXT = SyntheticMemory.TEXT + 0x118;
    static final long BUF = SyntheticMemory.PAGE_OFFSET + 0x1000;
    static final int HEADER = 20;

    static SyntheticMemory log() {
        SyntheticMemory m = new SyntheticMemory();
        m.info("SYMBOL(log_buf)", LOG_BUF).info("SYMBOL(log_buf_len)", LOG_BUF_LEN)
                .info("SYMBOL(log_first_idx)", FIRST).info("SYMBOL(clear_idx)", FIRST + 0x20)
                .info("SYMBOL(log_next_idx)", NEXT).info("SIZE(printk_log)", HEADER)
                .info("OFFSET(printk_log.ts_nsec)", 0).info("OFFSET(printk_log.len)", 8)
                .info("OFFSET(printk_log.text_len)", 10).info("OFFSET(printk_log.dict_len)", 12)
                .info("OFFSET(printk_log.caller_id)", 16);
        m.putLong(LOG_BUF, BUF).putInt(LOG_BUF_LEN, 256).putInt(FIRST, 160).putInt(NEXT, 96);
        record(m, 160, 36, 3_000_000L, "oldest record", 7);
        record(m, 196, 40, 4_000_000L, "second\nline", 0x80000000);
        m.putShort(BUF + 236 + 8, 0); // end marker: continue at index 0
        record(m, 0, 48, 5_000_000L, "after the wrap", 1);
        record(m, 48, 48, 6_000_000L, "newest", 1);
        return m;
    }

    static void record(SyntheticMemory m, int idx, int len, long ts, String text, int caller) {
        m.putLong(BUF + idx, ts).putShort(BUF + idx + 8, len).putShort(BUF + idx + 10, text.length())
                .putInt(BUF + idx + 16, caller).putText(BUF + idx + HEADER, text);
    }

    static String text(SyntheticMemory m) throws Exception {
        return new String(LogText.format(KernelLog.read(m.space(), m.where())), StandardCharsets.ISO_8859_1);
    }

    @Test
    void walksFromFirstToNextAcrossTheEndMarker() throws Exception {
        assertEquals("[    0.003000] [      T7] oldest record\n"
                + "[    0.004000] [      C0] second\n" + " ".repeat(26) + "line\n"
                + "[    0.005000] [      T1] after the wrap\n"
                + "[    0.006000] [      T1] newest\n", text(log()));
    }

    @Test
    void kernelsBefore311NameTheStructLog() throws Exception {
        SyntheticMemory m = log();
        for (String f : new String[] {"ts_nsec", "len", "text_len", "dict_len", "caller_id"}) {
            String v = m.vmcoreInfo.remove("OFFSET(printk_log." + f + ")");
            if (!f.equals("caller_id")) {
                m.info("OFFSET(log." + f + ")", v);
            }
        }
        m.vmcoreInfo.remove("SIZE(printk_log)");
        m.info("SIZE(log)", HEADER);
        assertTrue(text(m).startsWith("[    0.003000] oldest record\n[    0.004000] second\n"), text(m));
    }

    @Test
    void aRecordLengthLeavingTheBufferIsAnError() throws Exception {
        SyntheticMemory m = log();
        m.putShort(BUF + 196 + 8, 100);
        FormatException e = assertThrows(FormatException.class, () -> text(m));
        assertTrue(e.getMessage().contains("SYMBOL(log_buf): log_buf at 0xffff888000001000, index 0x128: the index "
                + "lies outside log_buf (0x100 bytes); the printk log_buf is corrupted"), e.getMessage());
    }

    @Test
    void aCycleThatNeverReachesNextIsAnError() throws Exception {
        SyntheticMemory m = log();
        m.putShort(BUF + 8, 0); // the record at 0 becomes an end marker pointing at itself
        FormatException e = assertThrows(FormatException.class, () -> text(m));
        assertTrue(e.getMessage().contains("form a cycle that never reaches log_next_idx 0x60"), e.getMessage());
    }
}
