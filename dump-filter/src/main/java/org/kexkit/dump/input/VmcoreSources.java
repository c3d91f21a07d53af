package org.kexkit.dump.input;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.kexkit.bin.FormatException;
import org.kexkit.bin.PhysRange;
import org.kexkit.dump.DumpException;
import org.kexkit.dump.FlattenedInputException;
import org.kexkit.dump.elf.ElfVmcore;
import org.kexkit.dump.flattened.FlattenedFormat;
import org.kexkit.dump.kdump.DiskDumpHeader;
import org.kexkit.dump.kdump.KdumpVmcore;
import org.kexkit.dump.source.VmcoreSource;

/**
 * Opens a dump source by its first bytes, as makedumpfile's open_dump_memory
 * does: the signature "KDUMP   " is a kdump-compressed file to re-filter,
 * anything else must be an ELF vmcore (or, through {@link #openCore}, any ELF core
 * of a kernel's memory such as /proc/kcore).
 */
public final class VmcoreSources {
    private static final byte[] KDUMP = DiskDumpHeader.KDUMP_SIGNATURE.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DISKDUMP = DiskDumpHeader.DISKDUMP_SIGNATURE.getBytes(StandardCharsets.US_ASCII);

    private VmcoreSources() {
    }

    /** A vmcore: /proc/vmcore, a saved ELF vmcore or a kdump-compressed dump. */
    public static VmcoreSource open(Path path) throws IOException, FormatException, DumpException {
        return open(path, List.of(), true);
    }

    /**
     * Any dump of a kernel's memory: as {@link #open}, and an ELF core may be /proc/kcore or a
     * QEMU dump-guest-memory file, of which only the PT_LOADs with a physical address count.
     *
     * @param exclude physical ranges an ELF core's memory is taken without (the crash kernel's
     *                reservation on a live system)
     */
    public static VmcoreSource openCore(Path path, List<PhysRange> exclude) throws IOException, FormatException,
            DumpException {
        return open(path, exclude, false);
    }

    private static VmcoreSource open(Path path, List<PhysRange> exclude, boolean vmcore)
            throws IOException, FormatException, DumpException {
        byte[] head = head(path);
        if (Arrays.equals(Arrays.copyOf(head, KDUMP.length), KDUMP)) {
            return KdumpVmcore.open(path);
        }
        if (Arrays.equals(Arrays.copyOf(head, DISKDUMP.length), DISKDUMP)) {
            throw new FormatException(path.toString(), 0, "a diskdump file (signature \"DISKDUMP\"): only "
                    + "kdump-compressed files (\"KDUMP   \") can be filtered again, as in makedumpfile");
        }
        if (Arrays.equals(Arrays.copyOf(head, FlattenedFormat.SIGNATURE.length), FlattenedFormat.SIGNATURE)) {
            throw new FlattenedInputException(path);
        }
        return vmcore ? ElfVmcore.open(path) : ElfVmcore.openCore(path, exclude);
    }

    /** True if {@code path} starts with the kdump-compressed signature. */
    public static boolean isKdump(Path path) throws IOException {
        return Arrays.equals(Arrays.copyOf(head(path), KDUMP.length), KDUMP);
    }

    private static byte[] head(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(FlattenedFormat.SIGNATURE_FIELD);
            while (b.hasRemaining() && channel.read(b, b.position()) > 0) {
                // short files leave zeros: no signature matches them
            }
            return b.array();
        }
    }
}
