package org.kexkit.dump.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.DumpException;
import org.kexkit.dump.TargetExistsException;
import org.kexkit.dump.io.MappedWindows;
import org.kexkit.dump.io.SafeOutputFile;
import org.kexkit.elfcore.ElfCore;
import org.kexkit.elfcore.ElfCoreReader;

/**
 * The plain ELF copy of a vmcore ({@code kexkit vmcore save}): validates the
 * source as an ELF core, copies every byte into a temporary file beside the
 * target, made 0600 at creation (a dump holds all of the crashed kernel's
 * memory), syncs it and renames it into place. Memory use stays at one mapped
 * window, whatever the vmcore's size.
 */
public final class ElfVmcoreCopier {
    /** Size of one mapped window of the source. */
    static final int WINDOW = 64 << 20;
    /** Buffer for sources that cannot be mapped. */
    static final int READ_BUFFER = 1 << 20;

    private final int window;
    private final boolean map;

    public ElfVmcoreCopier() {
        this(WINDOW, true);
    }

    /** With a smaller window or without mapping, so tests exercise both copy paths. */
    ElfVmcoreCopier(int window, boolean map) {
        this.window = window;
        this.map = map;
    }

    /** Where the copy is written before it is complete: {@code .OUT.kexkit-partial} beside OUT. */
    public static Path partialPath(Path out) {
        return SafeOutputFile.partialPath(out);
    }

    /**
     * Copies {@code source} to {@code out}.
     *
     * @param overwrite replace an existing OUT (as makedumpfile -f); otherwise refuse
     */
    public SaveResult copy(Path source, Path out, boolean overwrite) throws IOException, FormatException, DumpException {
        if (!overwrite && Files.exists(out, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new TargetExistsException(out);
        }
        long start = System.nanoTime();
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
            ElfCore core = ElfCoreReader.read(in, source.toString());
            long length = in.size();
            if (core.dataEnd() > length) {
                throw new DumpException(source + ": segments end at 0x" + Long.toHexString(core.dataEnd())
                        + " but the file is 0x" + Long.toHexString(length) + " bytes");
            }
            try (SafeOutputFile target = SafeOutputFile.create(out, overwrite)) {
                try {
                    copyBytes(in, target.channel(), length);
                } catch (IOException e) {
                    throw new DumpException("copy failed: " + SafeOutputFile.describe(e)
                            + target.leftBehind("the partial copy"), e);
                }
                target.commit();
            }
            return new SaveResult(out, length, (System.nanoTime() - start) / 1e9);
        }
    }

    private void copyBytes(FileChannel in, FileChannel out, long length) throws IOException {
        long position = 0;
        boolean mappable = map;
        ByteBuffer readBuffer = null;
        while (position < length) {
            int chunk = (int) Math.min(window, length - position);
            if (mappable) {
                MappedByteBuffer mapped;
                try {
                    mapped = in.map(FileChannel.MapMode.READ_ONLY, position, chunk);
                } catch (IOException | UnsupportedOperationException e) {
                    mappable = false; // e.g. a /proc/vmcore without mmap support: fall back to read()
                    continue;
                }
                try {
                    writeFully(out, mapped, position);
                } finally {
                    MappedWindows.unmap(mapped);
                }
                position += chunk;
            } else {
                if (readBuffer == null) {
                    readBuffer = ByteBuffer.allocateDirect(Math.min(READ_BUFFER, window));
                }
                readBuffer.clear().limit((int) Math.min(readBuffer.capacity(), length - position));
                int n = in.read(readBuffer, position);
                if (n < 0) {
                    throw new IOException("source ended at 0x" + Long.toHexString(position) + ", expected 0x"
                            + Long.toHexString(length) + " bytes");
                }
                readBuffer.flip();
                writeFully(out, readBuffer, position);
                position += n;
            }
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer data, long position) throws IOException {
        long at = position;
        while (data.hasRemaining()) {
            at += out.write(data, at);
        }
    }
}
