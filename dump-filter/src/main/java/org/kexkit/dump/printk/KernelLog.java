package org.kexkit.dump.printk;

import java.io.IOException;
import java.util.List;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.memory.KernelAddressSpace;
import org.kexkit.dump.memory.VmcoreInfoLocation;

/**
 * The kernel log (printk buffer) of a vmcore, from VMCOREINFO alone: the lockless ring buffer
 * when VMCOREINFO has SYMBOL(prb) (5.10+), else the variable-length record log (3.5-5.9), as
 * makedumpfile's dump_dmesg chooses. The plain character buffer of kernels before 3.5 is not
 * read.
 */
public final class KernelLog {
    private final VmcoreInfoLocation where;
    private final LocklessRingLayout ring;
    private final RecordLogLayout recordLog;

    private KernelLog(VmcoreInfoLocation where, LocklessRingLayout ring, RecordLogLayout recordLog) {
        this.where = where;
        this.ring = ring;
        this.recordLog = recordLog;
    }

    /** Finds the log's layout in VMCOREINFO; an error names what is missing. */
    public static KernelLog of(VmcoreInfoLocation where) throws FormatException {
        if (where.info().symbol("prb").isPresent()) {
            return new KernelLog(where, LocklessRingLayout.of(where), null);
        }
        if (where.info().symbol("log_buf").isPresent()) {
            if (where.info().symbol("log_first_idx").isEmpty() && where.info().symbol("log_end").isPresent()) {
                throw where.error("SYMBOL(log_end)", "the plain log buffer of kernels before 3.5 is not supported");
            }
            return new KernelLog(where, null, RecordLogLayout.of(where));
        }
        throw new FormatException(where.file(), where.textOffset(), "VMCOREINFO has no SYMBOL(prb) (the lockless "
                + "ring buffer of 5.10+) nor SYMBOL(log_buf) (older kernels), so the kernel log cannot be found");
    }

    /** The records, oldest first. */
    public List<LogRecord> read(KernelAddressSpace space) throws IOException, FormatException {
        KernelReads reads = new KernelReads(space, where);
        return ring != null ? new LocklessRing(ring, reads).records() : new RecordLog(recordLog, reads).records();
    }

    /** {@link #of} and {@link #read} in one. */
    public static List<LogRecord> read(KernelAddressSpace space, VmcoreInfoLocation where)
            throws IOException, FormatException {
        return of(where).read(space);
    }
}
