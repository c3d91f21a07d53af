package org.kexkit.dump.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** A plain kdump-compressed file. */
public final class FileBytes implements DumpBytes {
    private final FileChannel channel;
    private final String source;
    private final long size;

    public FileBytes(FileChannel channel, String source) throws IOException {
        this.channel = channel;
        this.source = source;
        this.size = channel.size();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void read(long offset, byte[] dst, int at, int length) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(dst, at, length);
        long position = offset;
        while (b.hasRemaining()) {
            int n = channel.read(b, position);
            if (n < 0) {
                throw new EOFException(source + ": offset 0x" + Long.toHexString(position) + ": the file ends here");
            }
            position += n;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
