package org.kexkit.dump.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A file sink whose process "dies" at write number {@code dieAt}: half of that write lands (a
 * SIGKILL during a large write can cut it), then {@link Killed}, an {@link Error}, skips every
 * cleanup as SIGKILL does: the writers catch only exceptions, so nothing marks or fixes the file
 * afterwards. What is on disk then is what a killed dump leaves.
 */
public final class DyingSink implements DumpSink {
    /** Thrown where the process dies. */
    public static final class Killed extends Error {
        private static final long serialVersionUID = 1L;
    }

    private final ChannelSink file;
    private final FileChannel channel;
    private final int dieAt;
    private int writes;

    public DyingSink(FileChannel channel, int dieAt) {
        this.channel = channel;
        this.file = new ChannelSink(channel);
        this.dieAt = dieAt;
    }

    @Override
    public void write(long offset, ByteBuffer data) throws IOException {
        if (++writes == dieAt) {
            channel.write(data.slice().limit(data.remaining() / 2), offset);
            throw new Killed();
        }
        file.write(offset, data);
    }

    @Override
    public boolean seekable() {
        return true;
    }

    @Override
    public void sync() throws IOException {
        file.sync();
    }

    @Override
    public void finish() throws IOException {
        file.finish();
    }

    @Override
    public long bytesWritten() {
        return file.bytesWritten();
    }
}
