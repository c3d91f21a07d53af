package org.kexkit.dump.printk;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.kexkit.bin.FormatException;
import org.kexkit.bin.LittleEndian;

/**
 * Reads the 3.5-5.9 record log as makedumpfile's dump_dmesg does: from log_first_idx, record
 * by record (a record of length 0 sends the walk back to index 0), until log_next_idx. A walk
 * that leaves the buffer or goes round in a cycle is a corrupted log and an error.
 */
final class RecordLog {
    private static final String KEY = "SYMBOL(log_buf)";

    private final RecordLogLayout layout;
    private final KernelReads reads;

    RecordLog(RecordLogLayout layout, KernelReads reads) {
        this.layout = layout;
        this.reads = reads;
    }

    List<LogRecord> records() throws IOException, FormatException {
        long bufAddress = LittleEndian.u64(reads.read(layout.logBuf(), 8, KEY, "the pointer log_buf"), 0);
        long bufLen = u32(layout.logBufLen(), "SYMBOL(log_buf_len)", "log_buf_len");
        long first = u32(layout.firstIdx(), "SYMBOL(log_first_idx)", "log_first_idx");
        long next = u32(layout.nextIdx(), "SYMBOL(log_next_idx)", "log_next_idx");
        byte[] buf = reads.read(bufAddress, bufLen, KEY, "log_buf (log_buf_len " + bufLen + ")");
        int header = layout.headerSize();
        // every record but the end marker is at least a header long, so more steps than this is a cycle
        long maxSteps = bufLen / header + 2;
        List<LogRecord> out = new ArrayList<>();
        long idx = first;
        for (long step = 0; idx != next; step++) {
            if (step > maxSteps) {
                throw corrupt(bufAddress, idx, "the records form a cycle that never reaches log_next_idx 0x"
                        + Long.toHexString(next));
            }
            checkHeader(bufAddress, buf, idx);
            int len = LittleEndian.u16(buf, (int) idx + layout.len());
            long record = len == 0 ? 0 : idx; // length 0: the end of the buffer, continue at its start
            checkHeader(bufAddress, buf, record);
            int textLen = LittleEndian.u16(buf, (int) record + layout.textLen());
            long text = record + header;
            if (text + textLen > buf.length) {
                throw corrupt(bufAddress, record, "the record's " + textLen + " text bytes run past the end of log_buf");
            }
            long ts = LittleEndian.u64(buf, (int) record + layout.tsNsec());
            OptionalInt caller = layout.callerId() < 0 ? OptionalInt.empty()
                    : OptionalInt.of(LittleEndian.u32(buf, (int) record + layout.callerId()));
            out.add(new LogRecord(ts, caller, Arrays.copyOfRange(buf, (int) text, (int) text + textLen)));
            idx = len == 0 ? LittleEndian.u16(buf, layout.len()) : idx + len;
        }
        return out;
    }

    private void checkHeader(long bufAddress, byte[] buf, long idx) throws FormatException {
        if (idx < 0 || idx > buf.length - layout.headerSize()) {
            throw corrupt(bufAddress, idx, "the index lies outside log_buf (0x" + Integer.toHexString(buf.length)
                    + " bytes)");
        }
    }

    private FormatException corrupt(long bufAddress, long idx, String problem) {
        return reads.where().error(KEY, "log_buf at 0x" + Long.toHexString(bufAddress) + ", index 0x"
                + Long.toHexString(idx) + ": " + problem + "; the printk log_buf is corrupted");
    }

    private long u32(long symbol, String key, String what) throws IOException, FormatException {
        return LittleEndian.u32(reads.read(symbol, 4, key, what), 0) & 0xffffffffL;
    }
}
