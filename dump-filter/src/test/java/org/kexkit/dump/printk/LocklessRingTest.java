package org.kexkit.dump.printk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.kexkit.bin.FormatException;

/**
 * A synthetic 5.10+ printk ring (6.1's VMCOREINFO layout): 8 descriptors, a 256-byte data
 * ring, descriptors tail_id 9 to head_id 14 holding a finalized and a committed record, a slot
 * reused by an older id, a data-less record, a block that wraps to the start of the ring and a
 * truncated one.
 */
class LocklessRingTest {
    static final long PRB = SyntheticMemory.TEXT + 0x100;
    static final long RING = SyntheticMemory.TEXT + 0x200;
    static final long DESCS = SyntheticMemory.TEXT + 0x1000;
    static final long INFOS = SyntheticMemory.PAGE_OFFSET + 0x2000;
    static final long DATA = SyntheticMemory.TEXT + 0x3000;
    static final int COUNT_BITS = 3;
    static final int SIZE_BITS = 8;
    static final int DATA_SIZE = 1 << SIZE_BITS;
    static final long FINALIZED = 2L << 62;
    static final long COMMITTED = 1L << 62;
    static final long REUSABLE = 3L << 62;
    /** FAILED_LPOS: a data-less block. */
    static final long FAILED_LPOS = 1;

    static SyntheticMemory ring() {
        SyntheticMemory m = new SyntheticMemory();
        m.info("SYMBOL(prb)", PRB).info("SIZE(printk_ringbuffer)", 88).info("OFFSET(printk_ringbuffer.desc_ring)", 0)
                .info("OFFSET(printk_ringbuffer.text_data_ring)", 48).info("OFFSET(printk_ringbuffer.fail)", 80)
                .info("SIZE(prb_desc_ring)", 48).info("OFFSET(prb_desc_ring.count_bits)", 0)
                .info("OFFSET(prb_desc_ring.descs)", 8).info("OFFSET(prb_desc_ring.infos)", 16)
                .info("OFFSET(prb_desc_ring.head_id)", 24).info("OFFSET(prb_desc_ring.tail_id)", 32)
                .info("SIZE(prb_desc)", 24).info("OFFSET(prb_desc.state_var)", 0)
                .info("OFFSET(prb_desc.text_blk_lpos)", 8).info("SIZE(prb_data_blk_lpos)", 16)
                .info("OFFSET(prb_data_blk_lpos.begin)", 0).info("OFFSET(prb_data_blk_lpos.next)", 8)
                .info("SIZE(printk_info)", 88).info("OFFSET(printk_info.seq)", 0)
                .info("OFFSET(printk_info.ts_nsec)", 8).info("OFFSET(printk_info.text_len)", 16)
                .info("OFFSET(printk_info.caller_id)", 20).info("SIZE(prb_data_ring)", 32)
                .info("OFFSET(prb_data_ring.size_bits)", 0).info("OFFSET(prb_data_ring.data)", 8)
                .info("SIZE(atomic_long_t)", 8).info("OFFSET(atomic_long_t.counter)", 0);
        m.putLong(PRB, RING).putInt(RING, COUNT_BITS).putLong(RING + 8, DESCS).putLong(RING + 16, INFOS)
                .putLong(RING + 24, 14).putLong(RING + 32, 9)
                .putInt(RING + 48, SIZE_BITS).putLong(RING + 56, DATA);
        // id 9: finalized, a task's message
        record(m, 9, FINALIZED, DATA_SIZE + 60, "Linux version test", 0, 0);
        // id 10: committed, with a continuation line, a tab and two bytes that are not printable
        record(m, 10, COMMITTED, DATA_SIZE + 88, "line one\nline\ttwo \u0001 and \u00c3", 1_234_567_890L, 0x80000001);
        // id 11: the slot still holds id 3 (a reused, older descriptor): skipped
        desc(m, 3, FINALIZED, 16, 40);
        // id 12: finalized but data-less: skipped
        desc(m, 12, FINALIZED, FAILED_LPOS, FAILED_LPOS);
        info(m, 12, 7, 5, 0);
        // id 13: a block that wraps: begins at index 200, its data sits at the start of the ring
        String wrapped = "wrapped around!!";
        desc(m, 13, FINALIZED, DATA_SIZE + 200, 2L * DATA_SIZE + 8 + wrapped.length());
        info(m, 13, -1L, wrapped.length(), 1);
        m.putLong(DATA, 13).putText(DATA + 8, wrapped);
        // id 14: text_len says 200 but the block holds 10 bytes: truncated
        long begin = 2L * DATA_SIZE + 8 + wrapped.length();
        desc(m, 14, FINALIZED, begin, begin + 8 + 10);
        info(m, 14, 5_000_001_000L, 200, 42);
        m.putLong(DATA + (begin & (DATA_SIZE - 1)), 14).putText(DATA + (begin & (DATA_SIZE - 1)) + 8, "truncated!rest");
        return m;
    }

    static void record(SyntheticMemory m, long id, long state, long begin, String text, long ts, int caller) {
        int length = text.getBytes(StandardCharsets.ISO_8859_1).length;
        desc(m, id, state, begin, begin + 8 + length);
        info(m, id, ts, length, caller);
        long at = DATA + (begin & (DATA_SIZE - 1));
        m.putLong(at, id).putText(at + 8, text);
    }

    static void desc(SyntheticMemory m, long id, long state, long begin, long next) {
        long at = DESCS + (id & 7) * 24;
        m.putLong(at, state | id).putLong(at + 8, begin).putLong(at + 16, next);
    }

    static void info(SyntheticMemory m, long id, long ts, int textLen, int caller) {
        long at = INFOS + (id & 7) * 88;
        m.putLong(at, id).putLong(at + 8, ts).putShort(at + 16, textLen).putInt(at + 20, caller);
    }

    static String log(SyntheticMemory m) throws Exception {
        return new String(LogText.format(KernelLog.read(m.space(), m.where())), StandardCharsets.ISO_8859_1);
    }

    @Test
    void readsCommittedAndFinalizedRecordsFromTailToHeadAsMakedumpfilePrintsThem() throws Exception {
        String indent = " ".repeat(26);
        assertEquals("[    0.000000] [      T0] Linux version test\n"
                + "[    1.234567] [      C1] line one\n" + indent + "line\ttwo \\x01 and \\xffffffc3\n"
                + "[18446744073.709551] [      T1] wrapped around!!\n"
                + "[    5.000001] [     T42] truncated!\n", log(ring()));
    }

    @Test
    void withoutCallerIdsTheFieldIsLeftOut() throws Exception {
        SyntheticMemory m = ring().info("OFFSET(printk_info.caller_id)", null);
        assertTrue(log(m).startsWith("[    0.000000] Linux version test\n[    1.234567] line one\n"
                + " ".repeat(15) + "line\t"), log(m));
    }

    @Test
    void aDescriptorWhoseBlockIsShorterThanItsIdIsAnErrorWithItsAddress() throws Exception {
        SyntheticMemory m = ring();
        desc(m, 14, FINALIZED, 2L * DATA_SIZE + 250, 2L * DATA_SIZE + 252);
        FormatException e = assertThrows(FormatException.class, () -> log(m));
        assertTrue(e.getMessage().startsWith("vmcore: offset 0x"), e.getMessage());
        assertTrue(e.getMessage().contains("descriptor id 0xe at 0x" + Long.toHexString(DESCS + 6 * 24)
                + " points outside its text"), e.getMessage());
    }

    @Test
    void aRingPointerOutsideMemoryIsAnErrorWithTheAddress() throws Exception {
        SyntheticMemory m = ring().putLong(RING + 8, SyntheticMemory.TEXT + (1 << 20));
        FormatException e = assertThrows(FormatException.class, () -> log(m));
        assertTrue(e.getMessage().contains("SYMBOL(prb): prb->desc_ring.descs (8 descriptors) at 0xffffffff80100000"
                + " (0xc0 bytes) is not in the vmcore's memory"), e.getMessage());
    }

    @Test
    void headFurtherFromTailThanTheRingHoldsIsAnError() throws Exception {
        SyntheticMemory m = ring().putLong(RING + 24, 9 + 8);
        FormatException e = assertThrows(FormatException.class, () -> log(m));
        assertTrue(e.getMessage().contains("head_id 0x11 is 0x8 descriptors after tail_id 0x9"), e.getMessage());
    }

    @Test
    void withoutPrbOrLogBufTheLogCannotBeFound() throws Exception {
        SyntheticMemory m = ring().info("SYMBOL(prb)", null);
        FormatException e = assertThrows(FormatException.class, () -> log(m));
        assertEquals("vmcore: offset 0x1000: VMCOREINFO has no SYMBOL(prb) (the lockless ring buffer of 5.10+) nor "
                + "SYMBOL(log_buf) (older kernels), so the kernel log cannot be found", e.getMessage());
    }

    @Test
    void aMissingOffsetIsNamed() throws Exception {
        SyntheticMemory m = ring().info("OFFSET(prb_desc_ring.infos)", null);
        FormatException e = assertThrows(FormatException.class, () -> log(m));
        assertEquals("vmcore: offset 0x1000: VMCOREINFO has no OFFSET(prb_desc_ring.infos)", e.getMessage());
    }
}
