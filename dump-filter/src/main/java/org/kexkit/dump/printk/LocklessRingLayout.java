package org.kexkit.dump.printk;

import org.kexkit.bin.FormatException;
import org.kexkit.dump.memory.VmcoreInfoLocation;
import org.kexkit.vmcoreinfo.EntryKind;

/**
 * Where the fields of the 5.10+ lockless printk ring buffer are, from VMCOREINFO
 * (kernel/printk/printk_ringbuffer.h; exported by log_buf_vmcoreinfo_setup). Offsets
 * inside nested structs are already added up: {@code descRingCountBits} is the offset
 * of prb->desc_ring.count_bits within struct printk_ringbuffer, and so on.
 *
 * @param prb          SYMBOL(prb): the address of the pointer to the ring buffer
 * @param ringSize     SIZE(printk_ringbuffer)
 * @param countBits    desc_ring.count_bits (unsigned int): log2 of the number of descriptors
 * @param descs        desc_ring.descs (struct prb_desc *)
 * @param infos        desc_ring.infos (struct printk_info *)
 * @param headId       desc_ring.head_id.counter (atomic_long_t)
 * @param tailId       desc_ring.tail_id.counter
 * @param sizeBits     text_data_ring.size_bits (unsigned int): log2 of the data ring's bytes
 * @param data         text_data_ring.data (char *)
 * @param descSize     SIZE(prb_desc)
 * @param stateVar     prb_desc.state_var.counter: descriptor id and state
 * @param blockBegin   prb_desc.text_blk_lpos.begin (unsigned long logical position)
 * @param blockNext    prb_desc.text_blk_lpos.next
 * @param infoSize     SIZE(printk_info)
 * @param tsNsec       printk_info.ts_nsec (u64)
 * @param textLen      printk_info.text_len (u16)
 * @param callerId     printk_info.caller_id (u32), or -1 if VMCOREINFO does not export it
 */
public record LocklessRingLayout(long prb, int ringSize, int countBits, int descs, int infos, int headId, int tailId,
        int sizeBits, int data, int descSize, int stateVar, int blockBegin, int blockNext, int infoSize, int tsNsec,
        int textLen, int callerId) {

    public static LocklessRingLayout of(VmcoreInfoLocation where) throws FormatException {
        StructFields f = new StructFields(where);
        long prb = where.require(EntryKind.SYMBOL, "prb");
        int ring = f.size("printk_ringbuffer");
        int descRing = f.offset("printk_ringbuffer.desc_ring", 8, ring);
        int dataRing = f.offset("printk_ringbuffer.text_data_ring", 8, ring);
        int counter = (int) where.require(EntryKind.OFFSET, "atomic_long_t.counter");
        if (counter < 0 || counter > 64) {
            throw where.error("OFFSET(atomic_long_t.counter)", counter + " is no plausible offset in an atomic_long_t");
        }
        int rest = ring - descRing;
        int countBits = descRing + f.offset("prb_desc_ring.count_bits", 4, rest);
        int descs = descRing + f.offset("prb_desc_ring.descs", 8, rest);
        int infos = descRing + f.offset("prb_desc_ring.infos", 8, rest);
        int headId = descRing + f.offset("prb_desc_ring.head_id", counter + 8, rest);
        int tailId = descRing + f.offset("prb_desc_ring.tail_id", counter + 8, rest);
        int dataRest = ring - dataRing;
        int sizeBits = dataRing + f.offset("prb_data_ring.size_bits", 4, dataRest);
        int data = dataRing + f.offset("prb_data_ring.data", 8, dataRest);
        int desc = f.size("prb_desc");
        int stateVar = f.offset("prb_desc.state_var", counter + 8, desc);
        int lpos = f.offset("prb_desc.text_blk_lpos", 16, desc);
        int lposRest = desc - lpos;
        int begin = lpos + f.offset("prb_data_blk_lpos.begin", 8, lposRest);
        int next = lpos + f.offset("prb_data_blk_lpos.next", 8, lposRest);
        int info = f.size("printk_info");
        int ts = f.offset("printk_info.ts_nsec", 8, info);
        int textLen = f.offset("printk_info.text_len", 2, info);
        int caller = f.optionalOffset("printk_info.caller_id", 4, info);
        return new LocklessRingLayout(prb, ring, countBits, descs, infos, headId + counter, tailId + counter, sizeBits,
                data, desc, stateVar + counter, begin, next, info, ts, textLen, caller);
    }
}
