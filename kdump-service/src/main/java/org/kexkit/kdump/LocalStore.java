package org.kexkit.kdump;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kexkit.dump.io.SafeOutputFile;

/** A target directory of the capturing system (a local path, or a block device's mount point). */
public record LocalStore(Path directory) implements DumpStore {
    @Override
    public String describe() {
        return directory.toString();
    }

    @Override
    public void createDirectory(String name) throws IOException {
        Files.createDirectories(directory);
        Files.createDirectory(directory.resolve(name),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    @Override
    public void writeFile(String dir, String file, byte[] bytes) throws Exception {
        try (SafeOutputFile out = SafeOutputFile.create(directory.resolve(dir).resolve(file), false)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                out.channel().write(b);
            }
            out.commit();
        }
    }

    @Override
    public String writeDump(String dir, CaptureDumper dumper) throws Exception {
        return dumper.dumpToFile(directory.resolve(dir).resolve(DumpNaming.DUMP));
    }

    @Override
    public List<String> list() throws IOException {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return names;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(directory)) {
            for (Path p : s) {
                names.add(p.getFileName().toString());
            }
        }
        return names;
    }

    @Override
    public List<String> dumpDirectories() throws IOException {
        // a file or a symbolic link named like a dump directory is not one
        return list().stream().filter(DumpNaming::isDumpDirectory)
                .filter(n -> Files.isDirectory(directory.resolve(n), LinkOption.NOFOLLOW_LINKS)).toList();
    }

    @Override
    public Optional<byte[]> readFile(String dir, String file, int maxBytes) throws IOException {
        Path p = directory.resolve(dir).resolve(file);
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try (java.io.InputStream in = Files.newInputStream(p)) {
            return Optional.of(in.readNBytes(maxBytes));
        }
    }

    @Override
    public String describe(String dir) {
        return directory.resolve(dir).toString();
    }

    @Override
    public void delete(String name) throws IOException {
        if (!DumpNaming.isDumpDirectory(name)) {
            throw new IllegalArgumentException("not a dump directory: " + name);
        }
        Path dir = directory.resolve(name);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return; // a symbolic link or a file of that name is not ours to follow
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                Files.delete(p); // a dump directory holds files only; a subdirectory makes this fail, not recurse
            }
        }
        Files.delete(dir);
    }
}
