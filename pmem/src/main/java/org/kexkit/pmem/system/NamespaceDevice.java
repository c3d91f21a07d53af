package org.kexkit.pmem.system;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.kexkit.pmem.NamespaceBytes;

/**
 * A namespace's raw block device (/dev/pmemX), opened read-only: positional reads, nothing else.
 * Reading it goes through libnvdimm's pmem driver in raw mode, which copies from the device and
 * writes nothing to it.
 */
public final class NamespaceDevice implements NamespaceBytes, AutoCloseable {
    private final String name;
    private final FileChannel channel;

    private NamespaceDevice(String name, FileChannel channel) {
        this.name = name;
        this.channel = channel;
    }

    public static NamespaceDevice open(Path path) throws IOException {
        return new NamespaceDevice(path.toString(), FileChannel.open(path, StandardOpenOption.READ));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int read(long offset, byte[] dst, int at, int length) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(dst, at, length);
        int done = 0;
        while (b.hasRemaining()) {
            int n = channel.read(b, offset + done);
            if (n < 0) {
                break;
            }
            done += n;
        }
        return done;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
