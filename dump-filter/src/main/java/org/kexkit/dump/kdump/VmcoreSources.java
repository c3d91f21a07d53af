package org.kexkit.dump.kdump;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.DumpException;

/**
 * Opens a dump source by its first bytes, as makedumpfile's open_dump_memory
 * does: the signature "KDUMP   " is a kdump-compressed file to re-filter,
 * anything else must be an ELF vmcore.
 */
public final class VmcoreSources {
    private static final byte[] KDUMP = DiskDumpHeader.KDUMP_SIGNATURE.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DISKDUMP = DiskDumpHeader.DISKDUMP_SIGNATURE.getBytes(StandardCharsets.US_ASCII);

    private VmcoreSources() {
    }

    public static VmcoreSource open(Path path) throws IOException, FormatException, DumpException {
        byte[] head = head(path);
        if (Arrays.equals(Arrays.copyOf(head, KDUMP.length), KDUMP)) {
            return KdumpVmcore.open(path);
        }
        if (Arrays.equals(Arrays.copyOf(head, DISKDUMP.length), DISKDUMP)) {
            throw new FormatException(path.toString(), 0, "a diskdump file (signature \"DISKDUMP\"): only "
                    + "kdump-compressed files (\"KDUMP   \") can be filtered again, as in makedumpfile");
        }
        if (Arrays.equals(Arrays.copyOf(head, FlattenedFormat.SIGNATURE.length), FlattenedFormat.SIGNATURE)) {
            throw new FormatException(path.toString(), 0, "a flattened dump (makedumpfile -F): rebuild it first with "
                    + "'kexkit makedumpfile -R DUMPFILE < " + path + "', then filter DUMPFILE");
        }
        return ElfVmcore.open(path);
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
