package org.kexkit.dump.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.kexkit.dump.DumpException;
import org.kexkit.dump.TargetExistsException;

/**
 * A dump file that never has its final name until it is complete: written as
 * {@code .OUT.kexkit-partial} beside OUT, created 0600 and exclusively (a dump holds all of the
 * crashed kernel's memory), synced and renamed into place by {@link #commit()}.
 * The partial file is created by the first write (or by commit, for an empty file), not by
 * {@link #create}: a run stopped before it has written anything (a dump's counting passes, a
 * source that fails to open) leaves no file that only looks like a dump. Closing without commit
 * leaves the partial file, if any, under its temporary name.
 */
public final class SafeOutputFile implements Closeable {
    static final String PARTIAL_SUFFIX = ".kexkit-partial";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path out;
    private final Path partial;
    private FileChannel channel; // null until the first write
    private boolean committed;

    private SafeOutputFile(Path out, Path partial) {
        this.out = out;
        this.partial = partial;
    }

    /** Where OUT is written before it is complete: {@code .OUT.kexkit-partial} beside OUT. */
    public static Path partialPath(Path out) {
        Path absolute = out.toAbsolutePath();
        return absolute.resolveSibling("." + absolute.getFileName() + PARTIAL_SUFFIX);
    }

    /**
     * Prepares the partial file for {@code out}: refuses an existing OUT, removes a stale partial
     * file and checks that its directory can take it; the file itself is made by the first write.
     *
     * @param overwrite replace an existing OUT (as makedumpfile -f); otherwise refuse
     */
    public static SafeOutputFile create(Path out, boolean overwrite) throws DumpException {
        if (!overwrite && Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
            throw new TargetExistsException(out);
        }
        Path partial = partialPath(out);
        try {
            // A stale partial file from an earlier failed run is ours to replace.
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            throw new DumpException("cannot remove the stale partial file: " + describe(e), e);
        }
        // Checked now so that a run which cannot write its file stops before its long passes;
        // the exclusive create at the first write still decides.
        Path directory = partial.getParent();
        if (!Files.isDirectory(directory)) {
            throw new DumpException("cannot create the partial file: " + partial + ": no such directory");
        }
        if (!Files.isWritable(directory)) {
            throw new DumpException("cannot create the partial file: " + partial + ": permission denied");
        }
        return new SafeOutputFile(out, partial);
    }

    /**
     * The partial file's channel, which the first call creates (O_EXCL, 0600): call it only to
     * write, so that the file exists from its first byte.
     */
    public FileChannel channel() throws IOException {
        if (channel == null) {
            channel = FileChannel.open(partial,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        return channel;
    }

    /** Positional writes into the partial file, which the first of them creates. */
    public DumpSink sink() {
        return new ChannelSink(this::channel);
    }

    /** True once the partial file exists (something was written). */
    public boolean created() {
        return channel != null;
    }

    /**
     * How a failure message ends: {@code "; WHAT is left at PARTIAL"}, or that no file was made
     * when the run stopped before its first write.
     */
    public String leftBehind(String what) {
        return created() ? "; " + what + " is left at " + partial : "; nothing was written, no file is left";
    }

    public Path partial() {
        return partial;
    }

    public Path out() {
        return out;
    }

    /** Syncs the data, closes, renames the partial file to OUT and syncs the directory. */
    public void commit() throws DumpException {
        try {
            channel().force(true); // an empty result is created here
            channel.close();
        } catch (IOException e) {
            throw new DumpException("cannot sync " + partial + ": " + reason(e) + "; the partial file is left there", e);
        }
        try {
            Files.move(partial, out, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DumpException("cannot rename the finished file to " + out + ": " + reason(e)
                    + "; the complete copy is left at " + partial, e);
        }
        committed = true;
        syncDirectory(partial.getParent());
    }

    /** Closes without renaming: the partial file keeps its temporary name. */
    @Override
    public void close() {
        if (!committed && channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing more can be saved; the caller reports the original failure
            }
        }
    }

    /** Makes the rename durable: fsync of the directory that holds the entry. */
    private static void syncDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // some file systems refuse fsync on directories; the data itself is synced
        }
    }

    /**
     * Why a dump stopped, for its one-line message: "interrupted", out of memory with the heap's
     * limit, or the I/O error with its file name.
     */
    public static String describeStop(Throwable e) {
        if (e instanceof java.io.InterruptedIOException) {
            return "interrupted";
        }
        if (e instanceof OutOfMemoryError) {
            return "out of memory (" + e.getMessage() + "; the Java heap may grow to "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MiB)";
        }
        return e instanceof IOException io ? describe(io) : String.valueOf(e);
    }

    /** The error with its file name, e.g. {@code /x/.y.kexkit-partial: no such file or directory}. */
    public static String describe(IOException e) {
        if (e instanceof FileSystemException fs && fs.getFile() != null) {
            return fs.getFile() + ": " + reason(e);
        }
        return reason(e);
    }

    /** The error without a file name. */
    public static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fs) {
            return fs.getReason() != null ? fs.getReason() : fs.getClass().getSimpleName();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
