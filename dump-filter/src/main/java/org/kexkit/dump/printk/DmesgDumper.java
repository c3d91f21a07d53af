package org.kexkit.dump.printk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.DumpException;
import org.kexkit.dump.input.VmcoreSources;
import org.kexkit.dump.io.SafeOutputFile;
import org.kexkit.dump.memory.KernelAddressSpace;
import org.kexkit.dump.memory.KernelMemoryModel;
import org.kexkit.dump.memory.VmcoreInfoLocation;
import org.kexkit.dump.source.SourcePhysicalMemory;
import org.kexkit.dump.source.VmcoreSource;

/**
 * makedumpfile --dump-dmesg: the kernel log of a vmcore or kdump-compressed dump, found
 * through VMCOREINFO alone, written as text to a file that gets its name only when complete (0600).
 */
public final class DmesgDumper {
    private DmesgDumper() {
    }

    /** Writes the log of {@code vmcore} to {@code out}; returns the number of records. */
    public static int dump(Path vmcore, Path out, boolean overwrite) throws IOException, FormatException, DumpException {
        List<LogRecord> records = read(vmcore);
        byte[] text = LogText.format(records);
        try (SafeOutputFile target = SafeOutputFile.create(out, overwrite)) {
            try {
                ByteBuffer b = ByteBuffer.wrap(text);
                while (b.hasRemaining()) {
                    target.channel().write(b);
                }
            } catch (IOException e) {
                throw new DumpException("cannot write the log: " + SafeOutputFile.describe(e)
                        + target.leftBehind("the partial log"), e);
            }
            target.commit();
        }
        return records.size();
    }

    /** The log records of {@code vmcore} (an ELF vmcore or a kdump-compressed dump), oldest first. */
    public static List<LogRecord> read(Path vmcore) throws IOException, FormatException, DumpException {
        try (VmcoreSource source = VmcoreSources.open(vmcore); SourcePhysicalMemory memory = new SourcePhysicalMemory(source)) {
            VmcoreInfoLocation where = source.vmcoreInfoLocation().orElseThrow(() -> new DumpException(vmcore
                    + ": no VMCOREINFO note, so the kernel log cannot be found"));
            KernelLog log = KernelLog.of(where);
            KernelAddressSpace space = KernelMemoryModel.addressSpace(memory, source.directMapBase(), where);
            return log.read(space);
        }
    }
}
