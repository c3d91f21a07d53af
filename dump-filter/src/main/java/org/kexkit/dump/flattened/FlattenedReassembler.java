package org.kexkit.dump.flattened;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.kexkit.bin.ByteCursor;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.DumpException;
import org.kexkit.dump.io.DumpSink;
import org.kexkit.dump.io.SafeOutputFile;

/**
 * makedumpfile -R: turns a flattened stream back into the plain file
 * (rearrange_dumpdata): header check, then each record's body written at its
 * offset, until the (-1, -1) end marker. Copies in 1 MiB pieces.
 */
public final class FlattenedReassembler {
    private static final int CHUNK = 1 << 20;

    private FlattenedReassembler() {
    }

    /** Reassembles {@code in} into {@code out} (0600, renamed when complete). Returns the file size. */
    public static long toFile(InputStream in, String source, Path out, boolean overwrite)
            throws IOException, FormatException, DumpException {
        try (SafeOutputFile target = SafeOutputFile.create(out, overwrite)) {
            long size;
            try {
                size = reassemble(in, source, target.sink());
            } catch (IOException e) {
                throw new DumpException("reassembly failed: " + SafeOutputFile.describe(e)
                        + target.leftBehind("the partial file"), e);
            }
            target.commit();
            return size;
        }
    }

    /** Writes each record of {@code in} at its offset of {@code out}; returns the size of the file made. */
    public static long reassemble(InputStream in, String source, DumpSink out) throws IOException, FormatException {
        byte[] header = new byte[FlattenedFormat.HEADER_SIZE];
        long at = 0;
        int got = readFully(in, header, FlattenedFormat.HEADER_SIZE);
        if (got < FlattenedFormat.HEADER_SIZE) {
            throw new FormatException(source, 0, "expected the flattened header (" + FlattenedFormat.HEADER_SIZE
                    + " bytes), found only " + got);
        }
        FlattenedHeader.check(ByteCursor.of(header, source, 0));
        at += FlattenedFormat.HEADER_SIZE;
        byte[] buffer = new byte[CHUNK];
        long size = 0;
        while (true) {
            byte[] recordHeader = new byte[FlattenedFormat.RECORD_HEADER];
            if (readFully(in, recordHeader, recordHeader.length) < recordHeader.length) {
                throw new FormatException(source, at, "stream ends without the end marker (-1, -1)");
            }
            ByteCursor c = ByteCursor.of(recordHeader, source, at).bigEndian();
            long offset = c.u64();
            long length = c.u64();
            if (offset == FlattenedFormat.END_FLAG && length == FlattenedFormat.END_FLAG) {
                return size;
            }
            if (offset < 0 || length <= 0) {
                throw new FormatException(source, at, "expected a record header (offset >= 0, size > 0) or the end marker,"
                        + " found offset " + offset + ", size " + length);
            }
            at += FlattenedFormat.RECORD_HEADER;
            for (long done = 0; done < length; ) {
                int n = (int) Math.min(CHUNK, length - done);
                int read = readFully(in, buffer, n);
                if (read < n) {
                    throw new FormatException(source, at + done + read, "stream ends inside a record of " + length
                            + " bytes for offset 0x" + Long.toHexString(offset));
                }
                out.write(offset + done, ByteBuffer.wrap(buffer, 0, n));
                done += n;
            }
            at += length;
            size = Math.max(size, offset + length);
        }
    }

    private static int readFully(InputStream in, byte[] buffer, int length) throws IOException {
        int done = 0;
        while (done < length) {
            int n = in.read(buffer, done, length - done);
            if (n < 0) {
                break;
            }
            done += n;
        }
        return done;
    }

}
