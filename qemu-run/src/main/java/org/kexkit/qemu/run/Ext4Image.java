package org.kexkit.qemu.run;

import java.nio.file.Files;
import java.nio.file.Path;

/** ext4 disk images for the guest, made and read with e2fsprogs, so the host never mounts anything. */
public final class Ext4Image {
    private Ext4Image() {}

    /** A sparse image of {@code sizeMiB}, mode 0600, holding the files of {@code contents} (or empty if null). */
    public static void create(Path image, int sizeMiB, Path contents, String label) {
        create(image, sizeMiB, contents, label, java.util.List.of());
    }

    /** The same with more mkfs.ext4 options (fixed words of the harness, e.g. {@code -O ^has_journal}). */
    public static void create(Path image, int sizeMiB, Path contents, String label, java.util.List<String> mkfsOptions) {
        privateFile(image); // mkfs.ext4 keeps the mode of a file that exists
        var argv = new java.util.ArrayList<>(java.util.List.of("mkfs.ext4", "-q", "-F", "-L", label,
                "-E", "lazy_itable_init=1,lazy_journal_init=1"));
        argv.addAll(mkfsOptions);
        if (contents != null) {
            argv.addAll(java.util.List.of("-d", contents.toString()));
        }
        argv.addAll(java.util.List.of(image.toString(), sizeMiB + "M"));
        HostCommand.of(argv).output();
    }

    /**
     * A new empty file, mode 0600, created exclusively (an old file of that name is deleted first):
     * for disk images, memory dumps and dump streams, which hold guest memory.
     */
    public static Path privateFile(Path file) {
        try {
            Files.deleteIfExists(file);
            return Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A path as debugfs's -R command line takes it, which splits at blanks and reads quotes: one with those (or
     * control characters) is refused rather than passed on.
     */
    public static String debugfsPath(Object path) {
        String s = path.toString();
        if (!s.matches("[^\\s\"'\\\\\\x00-\\x1f]+")) {
            throw new QemuRunException("'" + s + "': debugfs cannot take a path with blanks, quotes or backslashes");
        }
        return s;
    }

    /** Copies one file out of the image; fails if it is not there. */
    public static void extract(Path image, String pathInImage, Path out) {
        try {
            Files.deleteIfExists(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // debugfs reports a missing file on stderr but still exits 0, hence the check below.
        // -p keeps the mode the guest gave the file: a vmcore is 0600 there and stays so here.
        HostCommand.of("debugfs", "-R", "dump -p " + debugfsPath(pathInImage) + " " + debugfsPath(out), image.toString()).timeout(900).run();
        if (!Files.exists(out)) {
            throw new QemuRunException(pathInImage + " is not on the disk image " + image.getFileName());
        }
    }

    /** Copies a directory out of the image into {@code outDir}/its-name. */
    public static void extractTree(Path image, String dirInImage, Path outDir) {
        try {
            java.nio.file.Files.createDirectories(outDir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        HostCommand.of("debugfs", "-R", "rdump " + debugfsPath(dirInImage) + " " + debugfsPath(outDir), image.toString()).timeout(900).run();
        Path copied = outDir.resolve(Path.of(dirInImage).getFileName().toString());
        if (!Files.isDirectory(copied)) {
            throw new QemuRunException(dirInImage + " is not on the disk image " + image.getFileName());
        }
    }

    /**
     * The physical block of each of a file's logical blocks, in order (debugfs "blocks"): where on the
     * disk each part of the file lies, in the file system's blocks.
     */
    public static long[] blocks(Path image, String pathInImage) {
        HostCommand.Result r = HostCommand.of("debugfs", "-R", "blocks " + debugfsPath(pathInImage), image.toString()).run();
        String listed = r.stdout().strip();
        if (listed.isEmpty()) {
            throw new QemuRunException(pathInImage + " has no blocks on the disk image " + image.getFileName() + ": "
                    + HostCommand.lastLines(r.stderr(), 2));
        }
        return java.util.Arrays.stream(listed.split("\\s+")).mapToLong(Long::parseLong).toArray();
    }

    /** True if the file exists in the image. */
    public static boolean contains(Path image, String pathInImage) {
        HostCommand.Result r = HostCommand.of("debugfs", "-R", "stat " + debugfsPath(pathInImage), image.toString()).run();
        return r.stdout().contains("Inode:");
    }
}
