package org.kexkit.capture;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Writes the "newc" cpio format the kernel unpacks into its initramfs (see the kernel's
 * Documentation/driver-api/early-userspace/buffer-format.rst): a 110-byte ASCII header of
 * 13 eight-digit hex fields after the magic "070701", the NUL-terminated name and the data,
 * each padded to 4 bytes, ended by the entry "TRAILER!!!".
 */
public final class CpioWriter implements AutoCloseable {
    static final int S_IFDIR = 0040000;
    static final int S_IFREG = 0100000;
    static final int S_IFLNK = 0120000;
    static final int S_IFCHR = 0020000;

    private final OutputStream out;
    private long written;
    private int nextInode = 1;

    public CpioWriter(OutputStream out) {
        this.out = out;
    }

    public void directory(String name, int perm) throws IOException {
        entry(name, S_IFDIR | perm, 2, 0, 0, new byte[0], 0);
    }

    public void file(String name, int perm, byte[] data) throws IOException {
        file(name, perm, data, 0);
    }

    /**
     * A file with its modification time (seconds since the epoch), which the kernel restores when it
     * unpacks the image: the JVM checks its class archive's jars by size and time.
     */
    public void file(String name, int perm, byte[] data, long mtime) throws IOException {
        entry(name, S_IFREG | perm, 1, 0, 0, data, mtime);
    }

    public void symlink(String name, String target) throws IOException {
        entry(name, S_IFLNK | 0777, 1, 0, 0, target.getBytes(StandardCharsets.UTF_8), 0);
    }

    public void charDevice(String name, int perm, int major, int minor) throws IOException {
        entry(name, S_IFCHR | perm, 1, major, minor, new byte[0], 0);
    }

    /**
     * A directory tree under {@code prefix}, parents before children: links as links, files with their mode's
     * executable bit and their modification times (the JVM checks its class archive's jars by size and time).
     * Returns the number of regular files.
     */
    public int tree(Path root, String prefix) throws IOException {
        TreeSet<Path> paths = new TreeSet<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.forEach(paths::add);
        }
        int count = 0;
        for (Path p : paths) {
            String rel = root.relativize(p).toString();
            String name = rel.isEmpty() ? prefix : prefix + "/" + rel;
            if (Files.isSymbolicLink(p)) {
                symlink(name, Files.readSymbolicLink(p).toString());
            } else if (Files.isDirectory(p)) {
                directory(name, 0755);
            } else {
                file(name, Files.isExecutable(p) ? 0755 : 0644, Files.readAllBytes(p),
                        Files.getLastModifiedTime(p).to(TimeUnit.SECONDS));
                count++;
            }
        }
        return count;
    }

    private void entry(String name, int mode, int nlink, int rdevMajor, int rdevMinor, byte[] data, long mtime)
            throws IOException {
        byte[] nameBytes = (name + "\0").getBytes(StandardCharsets.UTF_8);
        StringBuilder h = new StringBuilder("070701");
        long[] fields = {nextInode++, mode, 0, 0, nlink, mtime, data.length, 0, 0, rdevMajor, rdevMinor, nameBytes.length,
            0};
        for (long f : fields) {
            h.append(String.format("%08x", f));
        }
        write(h.toString().getBytes(StandardCharsets.US_ASCII));
        write(nameBytes);
        pad();
        write(data);
        pad();
    }

    private void write(byte[] b) throws IOException {
        out.write(b);
        written += b.length;
    }

    private void pad() throws IOException {
        while (written % 4 != 0) {
            out.write(0);
            written++;
        }
    }

    @Override
    public void close() throws IOException {
        entry("TRAILER!!!", 0, 1, 0, 0, new byte[0], 0);
        out.close();
    }
}
