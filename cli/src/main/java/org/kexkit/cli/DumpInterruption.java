package org.kexkit.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * On SIGINT/SIGTERM (JVM shutdown) during a dump: cancel the writer and give it
 * a few seconds to mark the file incomplete before the JVM exits.
 */
final class DumpInterruption implements AutoCloseable {
    private static final long GRACE_SECONDS = 10;
    private final Thread hook;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean fired;

    private DumpInterruption(Runnable cancel) {
        this.hook = new Thread(() -> {
            fired = true;
            cancel.run();
            try {
                done.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "kexkit-dump-interrupt");
    }

    boolean fired() {
        return fired;
    }

    static DumpInterruption cancelling(Runnable cancel) {
        DumpInterruption i = new DumpInterruption(cancel);
        Runtime.getRuntime().addShutdownHook(i.hook);
        return i;
    }

    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already: the hook is running and now sees done
        }
    }
}
