package org.kexkit.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.DumpException;
import org.kexkit.kexec.KexecException;
import org.kexkit.kho.KhoException;

/**
 * The promise every fuzz target checks on every input: the code under test returns, or throws
 * one of the project's own typed errors (a bad input's one line); it allocates on the calling
 * thread no more than {@code ratio} times the input plus {@code slack} bytes (so a length field
 * of 2^63 never becomes an allocation); and it takes at most 1 s of CPU. An input over a bound is
 * run once more and measured again (the first input down a new path pays for class loading and
 * compilation; a parser is deterministic). Anything else is thrown as an {@link AssertionError}, which
 * the fuzzer reports as a finding and saves as an input.
 *
 * <p>Counts per target (inputs, slowest input, largest allocation per input byte) are appended to
 * the file named by the system property {@code kexkit.fuzz.stats} when the JVM exits, for
 * scripts/fuzz's table.
 */
final class Bounds {
    /** A target's body. */
    interface Body {
        void run() throws Exception;
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    /**
     * CPU time allowed per input on the calling thread: 1 s (CPU time, so that a machine shared with
     * other work does not make a fast parser look slow; libFuzzer's -timeout catches a real hang).
     */
    private static final long LIMIT_NANOS = 1_000_000_000L;
    private static String target = "";
    private static long inputs;
    private static long typedErrors;
    private static long slowestNanos;
    private static long mostAllocated;
    private static long mostAllocatedInput;

    static {
        String stats = System.getProperty("kexkit.fuzz.stats");
        if (stats != null) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> writeStats(Path.of(stats))));
        }
    }

    private Bounds() {
    }

    /**
     * Runs {@code body} on an input of {@code length} bytes and checks the promise.
     *
     * @param name  the target, for the statistics
     * @param ratio allowed allocation per input byte
     * @param slack allowed allocation whatever the input (buffers of fixed size)
     */
    static void check(String name, int length, long ratio, long slack, Body body) {
        if (!name.equals(target)) {
            // the first input of a target runs once unmeasured: class loading and static tables are
            // allocated then, not by the input
            target = name;
            runTyped(body);
        }
        long before = THREADS.getCurrentThreadAllocatedBytes();
        long start = THREADS.getCurrentThreadCpuTime();
        typedErrors += runTyped(body);
        long nanos = THREADS.getCurrentThreadCpuTime() - start;
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        inputs++;
        if (nanos > LIMIT_NANOS) {
            // a first input down a new path also pays for class loading and compilation: timed once more
            long again = THREADS.getCurrentThreadCpuTime();
            runTyped(body);
            nanos = THREADS.getCurrentThreadCpuTime() - again;
        }
        slowestNanos = Math.max(slowestNanos, nanos);
        if (nanos > LIMIT_NANOS) {
            throw new AssertionError(String.format(Locale.ROOT, "%s: an input of %d bytes took %d ms, more than %d ms",
                    name, length, nanos / 1_000_000, LIMIT_NANOS / 1_000_000));
        }
        long allowed = ratio * length + slack;
        if (allocated > allowed) {
            // the first input down a new path loads and initialises classes on this thread: measure
            // it once more, since a parser is deterministic and only the input's own allocation recurs
            before = THREADS.getCurrentThreadAllocatedBytes();
            runTyped(body);
            allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        }
        if (allocated > allowed) {
            throw new AssertionError(String.format(Locale.ROOT, "%s: an input of %d bytes allocated %d bytes, more than"
                    + " %d x input + %d", name, length, allocated, ratio, slack));
        }
        if (allocated > mostAllocated) {
            mostAllocated = allocated;
            mostAllocatedInput = length;
        }
    }

    /** Runs {@code body}: 1 when it ended in a typed error (checked to be one line), else 0. */
    private static int runTyped(Body body) {
        try {
            body.run();
            return 0;
        } catch (FormatException | DumpException | KexecException | KhoException e) {
            oneLine(e);
            return 1;
        } catch (IOException e) {
            // I/O on the input's own temporary file does not fail; an IOException is a reader's message
            oneLine(e);
            return 1;
        } catch (RuntimeException e) {
            throw new AssertionError("not a typed error: " + e, e);
        } catch (Exception e) {
            throw new AssertionError("unexpected checked exception: " + e, e);
        }
    }

    /** A typed error is one line: no line break (a user sees it after "kexkit: "). */
    private static void oneLine(Exception e) {
        String message = e.getMessage();
        if (message == null || message.isBlank() || message.contains("\n")) {
            throw new AssertionError("typed error without a one-line message: " + e.getClass().getName() + ": "
                    + message, e);
        }
    }

    private static void writeStats(Path file) {
        String line = String.format(Locale.ROOT, "%s inputs=%d typed_errors=%d slowest_ms=%.1f most_allocated=%d"
                + " at_input_bytes=%d%n", target, inputs, typedErrors, slowestNanos / 1e6, mostAllocated,
                mostAllocatedInput);
        try {
            Files.writeString(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
