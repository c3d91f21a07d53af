package org.kexkit.dump.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Positional writes into a file, which may be opened (created) only by the first write. */
public final class ChannelSink implements DumpSink {
    /** Opens the file at the first write. */
    @FunctionalInterface
    public interface Opener {
        FileChannel open() throws IOException;
    }

    private final Opener opener;
    private FileChannel channel;
    private long written;

    public ChannelSink(FileChannel channel) {
        this.opener = () -> channel;
        this.channel = channel;
    }

    /** A sink whose file is opened by {@code opener} at the first write. */
    public ChannelSink(Opener opener) {
        this.opener = opener;
    }

    @Override
    public void write(long offset, ByteBuffer data) throws IOException {
        if (channel == null) {
            channel = opener.open();
        }
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
        if (channel != null) { // nothing written, nothing to make durable
            channel.force(true);
        }
    }

    @Override
    public void finish() throws IOException {
        sync();
    }

    @Override
    public long bytesWritten() {
        return written;
    }
}
