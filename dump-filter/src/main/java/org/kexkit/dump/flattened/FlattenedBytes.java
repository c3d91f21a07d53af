package org.kexkit.dump.flattened;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.kexkit.bin.ByteCursor;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.io.DumpBytes;

/**
 * A flattened file read in place, as libkdumpfile's flatmap does: an index of
 * its records (target offset, size, where the body is), later records winning
 * where they overlap, as they would on reassembly.
 */
public final class FlattenedBytes implements DumpBytes {
    /** One record: {@code size} bytes for target {@code offset}, stored at {@code body}. */
    private record Segment(long offset, long size, long body) {
    }

    private final FileChannel channel;
    private final List<Segment> segments;
    private final long size;

    private final String source;
    private FlattenedBytes(FileChannel channel, String source, List<Segment> segments, long size) {
        this.source = source;
        this.channel = channel;
        this.segments = segments;
        this.size = size;
    }

    /** True if the file starts with the flattened header's signature. */
    public static boolean isFlattened(FileChannel channel) throws IOException {
        byte[] head = new byte[FlattenedFormat.SIGNATURE_FIELD];
        ByteBuffer b = ByteBuffer.wrap(head);
        channel.read(b, 0);
        return Arrays.equals(Arrays.copyOf(head, FlattenedFormat.SIGNATURE.length), FlattenedFormat.SIGNATURE)
                && head[FlattenedFormat.SIGNATURE.length] == 0;
    }
    public static FlattenedBytes index(FileChannel channel, String source) throws IOException, FormatException {
        long fileSize = channel.size();
        FlattenedHeader.check(readCursor(channel, 0, FlattenedFormat.HEADER_SIZE, fileSize, source, "the flattened header"));
        List<Segment> segments = new ArrayList<>();
        long at = FlattenedFormat.HEADER_SIZE;
        long size = 0;
        while (true) {
            ByteCursor c = readCursor(channel, at, FlattenedFormat.RECORD_HEADER, fileSize, source,
                    "a record header (the end marker -1/-1 is missing)").bigEndian();
            long offset = c.u64();
            long length = c.u64();
            if (offset == FlattenedFormat.END_FLAG && length == FlattenedFormat.END_FLAG) {
                break;
            }
            if (offset < 0 || length <= 0) {
                throw new FormatException(source, at, "expected a record header (offset >= 0, size > 0) or the end marker,"
                        + " found offset " + offset + ", size " + length);
            }
            long body = at + FlattenedFormat.RECORD_HEADER;
            if (body + length > fileSize) {
                throw new FormatException(source, at, "record of " + length + " bytes runs past the end of the file (0x"
                        + Long.toHexString(fileSize) + ")");
            }
            segments.add(new Segment(offset, length, body));
            size = Math.max(size, offset + length);
            at = body + length;
        }
        return new FlattenedBytes(channel, source, List.copyOf(segments), size);
    }

    private static ByteCursor readCursor(FileChannel channel, long at, int length, long fileSize, String source,
            String what) throws IOException, FormatException {
        if (at + length > fileSize) {
            throw new FormatException(source, at, "expected " + what + " (" + length + " bytes), found only "
                    + Math.max(0, fileSize - at));
        }
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (channel.read(b, at + b.position()) < 0) {
                break;
            }
        }
        return ByteCursor.of(b.flip(), source, at);
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void read(long offset, byte[] dst, int at, int length) throws IOException {
        Arrays.fill(dst, at, at + length, (byte) 0);
        long end = offset + length;
        for (Segment s : segments) {
            long from = Math.max(offset, s.offset());
            long to = Math.min(end, s.offset() + s.size());
            if (from < to) {
                ByteBuffer b = ByteBuffer.wrap(dst, at + (int) (from - offset), (int) (to - from));
                long position = s.body() + (from - s.offset());
                while (b.hasRemaining()) {
                    int n = channel.read(b, position);
                    if (n < 0) {
                        throw new IOException(source + ": offset 0x" + Long.toHexString(position) + ": the file ends inside a record");
                    }
                    position += n;
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
