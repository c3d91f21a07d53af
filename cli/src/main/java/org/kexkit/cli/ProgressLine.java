package org.kexkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.kexkit.dump.write.DumpProgress;

/**
 * makedumpfile's progress line on a terminal ("Copying data : [ 42.0 %] / eta: 3s"), rewritten
 * in place with a carriage return at most five times a second, ended with a newline at 100 %.
 */
final class ProgressLine implements DumpProgress {
    private static final long INTERVAL_NANOS = 200_000_000L;
    private static final char[] SPINNER = {'/', '-', '\\', '|'};

    private final PrintWriter err;
    private final long started = System.nanoTime();
    private long lastPrinted;
    private int spin;
    private boolean ended;

    ProgressLine(PrintWriter err) {
        this.err = err;
    }

    /** Whether standard error is a terminal (Linux: what /proc/self/fd/2 links to). */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    @Override
    public void pages(long done, long total) {
        long now = System.nanoTime();
        boolean last = done >= total;
        if (ended || (!last && now - lastPrinted < INTERVAL_NANOS)) {
            return;
        }
        lastPrinted = now;
        double percent = total == 0 ? 100 : 100.0 * done / total;
        double elapsed = (now - started) / 1e9;
        long eta = done == 0 ? 0 : Math.round(elapsed * (total - done) / done);
        err.printf("\rCopying data                                      : [%5.1f %%] %c           eta: %ds",
                percent, SPINNER[spin++ & 3], eta);
        if (last) {
            err.println();
            ended = true;
        }
        err.flush();
    }
}
