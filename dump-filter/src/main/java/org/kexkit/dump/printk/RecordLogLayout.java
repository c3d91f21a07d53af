package org.kexkit.dump.printk;

import org.kexkit.bin.FormatException;
import org.kexkit.dump.memory.VmcoreInfoLocation;
import org.kexkit.vmcoreinfo.EntryKind;

/**
 * The 3.5-5.9 variable-length record log (kernel/printk/printk.c before the lockless ring):
 * a byte buffer log_buf of log_buf_len bytes holding struct printk_log headers, each followed
 * by its text, from index log_first_idx up to log_next_idx. Kernels before 3.11 call the
 * struct {@code log}; VMCOREINFO names it either way.
 *
 * @param logBuf     SYMBOL(log_buf): the address of the char * log_buf
 * @param logBufLen  SYMBOL(log_buf_len): u32
 * @param firstIdx   SYMBOL(log_first_idx): u32 index of the oldest record
 * @param nextIdx    SYMBOL(log_next_idx): u32 index where the next record goes
 * @param headerSize SIZE(printk_log): the header before each text
 * @param tsNsec     OFFSET(printk_log.ts_nsec): u64
 * @param len        OFFSET(printk_log.len): u16 length of the whole record; 0 marks the end of the buffer
 * @param textLen    OFFSET(printk_log.text_len): u16
 * @param callerId   OFFSET(printk_log.caller_id) (5.1+ with CONFIG_PRINTK_CALLER), or -1
 */
public record RecordLogLayout(long logBuf, long logBufLen, long firstIdx, long nextIdx, int headerSize, int tsNsec,
        int len, int textLen, int callerId) {

    public static RecordLogLayout of(VmcoreInfoLocation where) throws FormatException {
        String struct = where.info().size("printk_log").isPresent() || where.info().size("log").isEmpty()
                ? "printk_log" : "log";
        StructFields f = new StructFields(where);
        int header = f.size(struct);
        return new RecordLogLayout(where.require(EntryKind.SYMBOL, "log_buf"),
                where.require(EntryKind.SYMBOL, "log_buf_len"),
                where.require(EntryKind.SYMBOL, "log_first_idx"),
                where.require(EntryKind.SYMBOL, "log_next_idx"),
                header,
                f.offset(struct + ".ts_nsec", 8, header),
                f.offset(struct + ".len", 2, header),
                f.offset(struct + ".text_len", 2, header),
                f.optionalOffset(struct + ".caller_id", 4, header));
    }
}
