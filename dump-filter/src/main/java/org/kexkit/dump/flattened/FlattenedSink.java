package org.kexkit.dump.flattened;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.kexkit.dump.io.DumpSink;

/**
 * Writes the flattened form (-F) to a stream: the 4096-byte makedumpfile
 * header, then one big-endian (offset, size) record per write, then the
 * (-1, -1) end marker (write_start_flat_header, write_buffer, write_end_flat_header).
 */
public final class FlattenedSink implements DumpSink {
    private final OutputStream out;
    private final byte[] copy = new byte[1 << 16];
    private long written;
    private boolean started;

    public FlattenedSink(OutputStream out) {
        this.out = out;
    }

    private void start() throws IOException {
        ByteBuffer header = ByteBuffer.allocate(FlattenedFormat.HEADER_SIZE); // big-endian by default
        header.put(FlattenedFormat.SIGNATURE);
        header.position(FlattenedFormat.SIGNATURE_FIELD);
        header.putLong(FlattenedFormat.TYPE_FLAT_HEADER);
        header.putLong(FlattenedFormat.VERSION_FLAT_HEADER);
        out.write(header.array());
        started = true;
    }

    @Override
    public void write(long offset, ByteBuffer data) throws IOException {
        if (!data.hasRemaining()) {
            return; // a zero-size record would read as the end of the stream to makedumpfile -R
        }
        if (!started) {
            start();
        }
        int size = data.remaining();
        ByteBuffer record = ByteBuffer.allocate(FlattenedFormat.RECORD_HEADER);
        record.putLong(offset).putLong(size);
        out.write(record.array());
        if (data.hasArray()) {
            out.write(data.array(), data.arrayOffset() + data.position(), size);
            data.position(data.limit());
        } else {
            while (data.hasRemaining()) {
                int n = Math.min(copy.length, data.remaining());
                data.get(copy, 0, n);
                out.write(copy, 0, n);
            }
        }
        written += size;
    }

    @Override
    public boolean seekable() {
        return false;
    }

    @Override
    public void finish() throws IOException {
        if (!started) {
            start();
        }
        ByteBuffer end = ByteBuffer.allocate(FlattenedFormat.RECORD_HEADER);
        end.putLong(FlattenedFormat.END_FLAG).putLong(FlattenedFormat.END_FLAG);
        out.write(end.array());
        out.flush();
    }

    @Override
    public long bytesWritten() {
        return written;
    }
}
