package org.kexkit.dump.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.function.Supplier;

/**
 * A file sink that fails: it writes through a {@link ChannelSink} until its fault comes, then
 * raises the failure it was given (an IOException as a device gives it, or an Error, which the
 * writers do not catch). What is on disk afterwards is what the writer had written before. The
 * faults of the tests: {@link #killedAt} (SIGKILL), {@link #eioAfter} (a failing device) and
 * {@link #outOfMemoryAt}.
 */
public final class FailingSink implements DumpSink {
    /** Thrown where the process dies: an {@link Error}, so no cleanup runs, as under SIGKILL. */
    public static final class Killed extends Error {
        private static final long serialVersionUID = 1L;
    }

    /** When the fault comes. */
    public sealed interface When {
    }

    /**
     * At write number {@code n} only (counted from 1); with {@code halfLands}, half of that write reaches
     * the file first (a kill during a large write can cut it).
     */
    public record AtWrite(int n, boolean halfLands) implements When {
    }

    /** At every write, sync and finish once {@code bytes} have been written. */
    public record AfterBytes(long bytes) implements When {
    }

    private final FileChannel channel;
    private final ChannelSink file;
    private final When when;
    private final Supplier<? extends Throwable> failure;
    private int writes;

    public FailingSink(FileChannel channel, When when, Supplier<? extends Throwable> failure) {
        this.channel = channel;
        this.file = new ChannelSink(channel);
        this.when = when;
        this.failure = failure;
    }

    /** The process dies at write number {@code n}: half of that write lands, then {@link Killed}. */
    public static FailingSink killedAt(FileChannel channel, int n) {
        return new FailingSink(channel, new AtWrite(n, true), Killed::new);
    }

    /** A device that fails with EIO's message once {@code goodBytes} have been written, the header rewrite included. */
    public static FailingSink eioAfter(FileChannel channel, long goodBytes) {
        return new FailingSink(channel, new AfterBytes(goodBytes), () -> new IOException("Input/output error"));
    }

    /** Write number {@code n} runs out of memory, once. */
    public static FailingSink outOfMemoryAt(FileChannel channel, int n) {
        return new FailingSink(channel, new AtWrite(n, false), () -> new OutOfMemoryError("Java heap space"));
    }

    /** Writes asked for so far, the failed one included. */
    public int writes() {
        return writes;
    }

    @Override
    public void write(long offset, ByteBuffer data) throws IOException {
        writes++;
        if (when instanceof AtWrite at && writes == at.n()) {
            if (at.halfLands()) {
                channel.write(data.slice().limit(data.remaining() / 2), offset);
            }
            raise();
        }
        failAfterBytes();
        file.write(offset, data);
    }

    @Override
    public boolean seekable() {
        return true;
    }

    @Override
    public void sync() throws IOException {
        failAfterBytes();
        file.sync();
    }

    @Override
    public void finish() throws IOException {
        failAfterBytes();
        file.finish();
    }

    @Override
    public long bytesWritten() {
        return file.bytesWritten();
    }

    private void failAfterBytes() throws IOException {
        if (when instanceof AfterBytes after && file.bytesWritten() >= after.bytes()) {
            raise();
        }
    }

    private void raise() throws IOException {
        Throwable t = failure.get();
        if (t instanceof IOException e) {
            throw e;
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalArgumentException("a sink can raise an IOException, a RuntimeException or an Error: " + t);
    }
}
