package org.kexkit.dump.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A file sink on a device that fails: once {@code goodBytes} have been written, every write and
 * sync fails with EIO's message (a dying disk, a device-mapper error target), the header rewrite
 * at offset 0 included. What is on disk then is what the writer had written before.
 */
public final class EioSink implements DumpSink {
    private final ChannelSink file;
    private final long goodBytes;

    public EioSink(FileChannel channel, long goodBytes) {
        this.file = new ChannelSink(channel);
        this.goodBytes = goodBytes;
    }

    private void fail() throws IOException {
        if (file.bytesWritten() >= goodBytes) {
            throw new IOException("Input/output error");
        }
    }

    @Override
    public void write(long offset, ByteBuffer data) throws IOException {
        fail();
        file.write(offset, data);
    }

    @Override
    public boolean seekable() {
        return true;
    }

    @Override
    public void sync() throws IOException {
        fail();
        file.sync();
    }

    @Override
    public void finish() throws IOException {
        fail();
        file.finish();
    }

    @Override
    public long bytesWritten() {
        return file.bytesWritten();
    }
}
