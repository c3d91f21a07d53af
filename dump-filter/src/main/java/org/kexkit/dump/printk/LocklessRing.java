package org.kexkit.dump.printk;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.kexkit.bin.FormatException;
import org.kexkit.bin.LittleEndian;

/**
 * The 5.10+ lockless printk ring buffer (kernel/printk/printk_ringbuffer.[ch]): a ring of
 * 2^count_bits descriptors with a parallel array of printk_info, and a 2^size_bits byte data
 * ring holding the texts. Read as makedumpfile's dump_lockless_dmesg reads it: every
 * descriptor id from tail_id to head_id whose state is committed or finalized, in id order.
 */
final class LocklessRing {
    /** DESC_FLAGS_SHIFT: the state sits in the top two bits of state_var, the id below. */
    static final int DESC_FLAGS_SHIFT = 62;
    static final long DESC_ID_MASK = ~(3L << DESC_FLAGS_SHIFT);
    /** enum desc_state: desc_committed and desc_finalized are readable. */
    static final int DESC_COMMITTED = 1;
    static final int DESC_FINALIZED = 2;
    /** struct prb_data_block: an unsigned long id precedes the text. */
    static final int BLOCK_ID_BYTES = 8;
    /** Larger rings cannot exist: log_buf_len is at most 2^31 bytes (LOG_BUF_LEN_MAX). */
    static final int MAX_BITS = 31;

    private final LocklessRingLayout layout;
    private final KernelReads reads;

    LocklessRing(LocklessRingLayout layout, KernelReads reads) {
        this.layout = layout;
        this.reads = reads;
    }

    List<LogRecord> records() throws IOException, FormatException {
        String key = "SYMBOL(prb)";
        long ringAddress = LittleEndian.u64(reads.read(layout.prb(), 8, key, "the pointer prb"), 0);
        byte[] ring = reads.read(ringAddress, layout.ringSize(), key, "struct printk_ringbuffer");
        int countBits = bits(ring, layout.countBits(), "prb->desc_ring.count_bits");
        int sizeBits = bits(ring, layout.sizeBits(), "prb->text_data_ring.size_bits");
        long count = 1L << countBits;
        long descsAddress = LittleEndian.u64(ring, layout.descs());
        byte[] descs = reads.read(descsAddress, count * layout.descSize(), key,
                "prb->desc_ring.descs (" + count + " descriptors)");
        byte[] infos = reads.read(LittleEndian.u64(ring, layout.infos()), count * layout.infoSize(), key,
                "prb->desc_ring.infos (" + count + " records)");
        long dataAddress = LittleEndian.u64(ring, layout.data());
        byte[] data = reads.read(dataAddress, 1L << sizeBits, key, "prb->text_data_ring.data");
        long tail = LittleEndian.u64(ring, layout.tailId());
        long head = LittleEndian.u64(ring, layout.headId());
        long distance = (head - tail) & DESC_ID_MASK;
        if (distance >= count) {
            throw reads.where().error(key, "prb->desc_ring: head_id 0x" + Long.toHexString(head) + " is 0x"
                    + Long.toHexString(distance) + " descriptors after tail_id 0x" + Long.toHexString(tail)
                    + ", more than the ring's " + count);
        }
        List<LogRecord> out = new ArrayList<>();
        for (long i = 0; i <= distance; i++) {
            long id = (tail + i) & DESC_ID_MASK;
            LogRecord r = record(id, count, descs, descsAddress, infos, data, dataAddress);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    /** The record of descriptor {@code id}, or null if it is not readable (reserved, reused, data-less). */
    private LogRecord record(long id, long count, byte[] descs, long descsAddress, byte[] infos, byte[] data,
            long dataAddress) throws FormatException {
        int slot = (int) (id & (count - 1));
        int desc = slot * layout.descSize();
        long stateVar = LittleEndian.u64(descs, desc + layout.stateVar());
        int state = (int) (stateVar >>> DESC_FLAGS_SHIFT);
        if ((stateVar & DESC_ID_MASK) != id || (state != DESC_COMMITTED && state != DESC_FINALIZED)) {
            return null; // desc_miss: the slot was reused for a newer id, or not yet (or no longer) readable
        }
        long size = data.length;
        long begin = LittleEndian.u64(descs, desc + layout.blockBegin()) & (size - 1);
        long next = LittleEndian.u64(descs, desc + layout.blockNext()) & (size - 1);
        if (begin == next) {
            return null; // a data-less block (FAILED_LPOS, EMPTY_LINE_LPOS)
        }
        if (begin > next) {
            begin = 0; // a wrapping block keeps its data at the start of the ring
        }
        begin += BLOCK_ID_BYTES;
        if (next < begin) {
            throw reads.where().error("SYMBOL(prb)", "descriptor id 0x" + Long.toHexString(id) + " at 0x"
                    + Long.toHexString(descsAddress + desc) + " points outside its text: block 0x"
                    + Long.toHexString(begin - BLOCK_ID_BYTES) + "-0x" + Long.toHexString(next)
                    + " of the data ring at 0x" + Long.toHexString(dataAddress) + " is shorter than its id");
        }
        int info = slot * layout.infoSize();
        int textLen = (int) Math.min(LittleEndian.u16(infos, info + layout.textLen()), next - begin); // truncated messages
        long ts = LittleEndian.u64(infos, info + layout.tsNsec());
        OptionalInt caller = layout.callerId() < 0 ? OptionalInt.empty()
                : OptionalInt.of(LittleEndian.u32(infos, info + layout.callerId()));
        return new LogRecord(ts, caller, Arrays.copyOfRange(data, (int) begin, (int) begin + textLen));
    }

    private int bits(byte[] ring, int at, String field) throws FormatException {
        long v = LittleEndian.u32(ring, at) & 0xffffffffL;
        if (v > MAX_BITS) {
            throw reads.where().error("SYMBOL(prb)", field + " is " + v + ", more than the " + MAX_BITS
                    + " any kernel uses");
        }
        return (int) v;
    }
}
