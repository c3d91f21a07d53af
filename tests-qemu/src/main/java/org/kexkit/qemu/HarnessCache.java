package org.kexkit.qemu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/**
 * Where downloads and built images live (outside the repository, reused across runs), and where
 * guest runs keep their files: {@code $KEXKIT_RUNS}, by default runs/ in the cache. Two test runs
 * at once each need their own runs directory; the cache itself they share, each fetching or building
 * step of it under one lock.
 */
public final class HarnessCache {
    private final Path root;
    private final Path runs;
    /**
     * The cache lock this JVM holds, and how deeply steps nest inside {@link #exclusive}: a JVM may
     * hold a file's lock only once, whichever HarnessCache object asks.
     */
    private static final Object LOCK_GUARD = new Object();
    private static FileChannel lockChannel;
    private static FileLock lock;
    private static int lockDepth;

    public HarnessCache(Path root, Path runs) {
        this.root = root.toAbsolutePath().normalize();
        this.runs = runs.toAbsolutePath().normalize();
    }

    /** $KEXKIT_CACHE, else $XDG_CACHE_HOME/kexkit, else ~/.cache/kexkit; runs in $KEXKIT_RUNS, else runs/ in it. */
    public static HarnessCache fromEnvironment() {
        Path root;
        String explicit = System.getenv("KEXKIT_CACHE");
        if (explicit != null && !explicit.isBlank()) {
            root = Path.of(explicit);
        } else {
            String xdg = System.getenv("XDG_CACHE_HOME");
            Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
            root = base.resolve("kexkit");
        }
        String runs = System.getenv("KEXKIT_RUNS");
        return new HarnessCache(root, runs != null && !runs.isBlank() ? Path.of(runs) : root.resolve("runs"));
    }

    public Path root() {
        return root;
    }

    /** The directory of the guest runs (KEXKIT_RUNS). */
    public Path runs() {
        return runs;
    }

    /** The default runs directory, the one without KEXKIT_RUNS. */
    boolean defaultRuns() {
        return runs.equals(root.resolve("runs"));
    }

    /**
     * An empty, owner-only directory runs/NAME for one guest run (what an earlier run of that name
     * left is deleted): its disk images and memory dumps hold guest memory.
     */
    public Path freshRunDir(String name) {
        Path work = runs.resolve(name);
        DebianKernels.deleteTree(work);
        privateDirectory(runs);
        return privateDirectory(work);
    }

    /** A sub-directory, created on first use. */
    public Path dir(String name) {
        Path d = root.resolve(name);
        try {
            Files.createDirectories(d);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create cache directory " + d, e);
        }
        return d;
    }

    /**
     * Runs one step that fills the cache (a download, debootstrap, jlink, a build) while no other
     * harness process does: runs of two checkouts at once would otherwise build the same thing in
     * the same place.
     */
    public <T> T exclusive(Supplier<T> step) {
        synchronized (LOCK_GUARD) {
            return exclusiveLocked(step);
        }
    }

    private <T> T exclusiveLocked(Supplier<T> step) {
        if (lockDepth == 0) {
            try {
                Files.createDirectories(root);
                lockChannel = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                lock = lockChannel.lock();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lock the cache " + root, e);
            }
        }
        lockDepth++;
        try {
            return step.get();
        } finally {
            if (--lockDepth == 0) {
                try {
                    lock.release();
                    lockChannel.close();
                } catch (IOException e) {
                    // closing the channel releases the lock anyway
                }
            }
        }
    }

    /** Creates {@code dir} (and its parents) if missing and makes it owner-only. */
    static Path privateDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
