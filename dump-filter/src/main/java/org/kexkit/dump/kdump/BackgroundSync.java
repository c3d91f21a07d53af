package org.kexkit.dump.kdump;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.kexkit.dump.io.DumpSink;

/**
 * Syncs a sink on a thread of its own, one sync at a time, so that the writer reads, compresses
 * and writes the next pages while the disk takes the last ones: an fsync is mostly waiting for the
 * device (about 60-90 ms of a 4 GiB `-d 31` dump's wall time when the writer waited for each).
 * What a sync covers is what was written before {@link #start}; the writer writes the
 * descriptors of that data only after {@link #await} returned.
 */
final class BackgroundSync implements AutoCloseable {
    private final DumpSink sink;
    private ExecutorService thread;
    private Future<?> running;

    BackgroundSync(DumpSink sink) {
        this.sink = sink;
    }

    /** Starts a sync of everything written so far; the one before must have been awaited. */
    void start() {
        if (running != null) {
            throw new IllegalStateException("a sync is still running");
        }
        if (thread == null) {
            thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "kdump-sync");
                t.setDaemon(true);
                return t;
            });
        }
        running = thread.submit(() -> {
            sink.sync();
            return null;
        });
    }

    /** True while a sync was started and not yet awaited. */
    boolean running() {
        return running != null;
    }

    /**
     * Waits for the sync started last (nothing when none runs) and throws what it threw. The wait
     * is not cut short by an interrupt, as the sync on the writer's own thread was not: the
     * interrupt stays set for the caller.
     */
    void await() throws IOException {
        Future<?> sync = running;
        if (sync == null) {
            return;
        }
        running = null;
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    sync.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof IOException io) {
                        throw io;
                    }
                    if (cause instanceof RuntimeException r) {
                        throw r;
                    }
                    if (cause instanceof Error error) {
                        throw error;
                    }
                    throw new IOException("sync failed: " + cause, cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Lets the thread end once idle. Never interrupts it: an interrupt during FileChannel.force
     * closes the channel under the writer.
     */
    @Override
    public void close() {
        if (thread != null) {
            thread.shutdown();
        }
    }
}
