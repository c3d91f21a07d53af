package org.kexkit.dump.printk;

import java.io.IOException;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.memory.KernelAddressSpace;
import org.kexkit.dump.memory.VmcoreInfoLocation;

/**
 * Reads of kernel virtual memory that must succeed: a missing piece is reported
 * at the VMCOREINFO line the address came from, with the address itself.
 */
final class KernelReads {
    /** Larger than any ring or buffer a kernel allocates (log_buf_len= caps at 2^31 bytes, arrays too). */
    static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    private final KernelAddressSpace space;
    private final VmcoreInfoLocation where;

    KernelReads(KernelAddressSpace space, VmcoreInfoLocation where) {
        this.space = space;
        this.where = where;
    }

    VmcoreInfoLocation where() {
        return where;
    }

    /**
     * {@code length} bytes at {@code vaddr}.
     *
     * @param key  the VMCOREINFO entry the address was found through, e.g. {@code SYMBOL(prb)}
     * @param what what lies there, e.g. {@code prb->desc_ring.descs}
     */
    byte[] read(long vaddr, long length, String key, String what) throws IOException, FormatException {
        if (length < 0 || length > MAX_BYTES) {
            throw where.error(key, what + " would be 0x" + Long.toHexString(length) + " bytes, which no kernel allocates");
        }
        byte[] out = new byte[(int) length];
        if (!space.read(vaddr, out, 0, out.length)) {
            throw where.error(key, what + " at 0x" + Long.toHexString(vaddr) + " (0x" + Long.toHexString(length)
                    + " bytes) is not in the vmcore's memory");
        }
        return out;
    }
}
