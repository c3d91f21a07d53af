package org.kexkit.qemu;

import java.util.function.Supplier;

/**
 * What the harness is fetching or building, on stderr, so that a first run (minutes of downloads,
 * debootstrap and builds before any test output) is not silent: a line when a step starts and one
 * when it is done, with its time.
 */
public final class Progress {
    private Progress() {}

    public static void say(String line) {
        System.err.println("kexkit harness: " + line);
        System.err.flush();
    }

    /** Runs a step between "WHAT ..." and "WHAT: done in N s". */
    public static <T> T step(String what, Supplier<T> work) {
        say(what + " ...");
        long start = System.nanoTime();
        T result = work.get();
        say(what + ": done in " + Math.round((System.nanoTime() - start) / 1e9) + " s");
        return result;
    }

    public static void step(String what, Runnable work) {
        step(what, () -> {
            work.run();
            return null;
        });
    }
}
