package org.kexkit.dump.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Positional writes into a file. */
public final class ChannelSink implements DumpSink {
    private final FileChannel channel;
    private long written;

    public ChannelSink(FileChannel channel) {
        this.channel = channel;
    }

    @Override
    public void write(long offset, ByteBuffer data) throws IOException {
        long at = offset;
        while (data.hasRemaining()) {
            int n = channel.write(data, at);
            at += n;
            written += n;
        }
    }

    @Override
    public boolean seekable() {
        return true;
    }

    @Override
    public void sync() throws IOException {
        channel.force(true);
    }

    @Override
    public void finish() throws IOException {
        channel.force(true);
    }

    @Override
    public long bytesWritten() {
        return written;
    }
}
