package org.kexkit.kdump;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Where a capture's directory and files are made: a local directory or an ssh host. */
public sealed interface DumpStore permits LocalStore, SshStore {
    /** The target as a user reads it in messages. */
    String describe();

    /** Makes the dump directory {@code name}, owner-only; fails if it exists. */
    void createDirectory(String name) throws Exception;

    /** Writes {@code bytes} as {@code dir/file}, owner-only, under a temporary name created exclusively. */
    void writeFile(String dir, String file, byte[] bytes) throws Exception;

    /** Writes the dump into {@code dir}; returns the dumper's summary. */
    String writeDump(String dir, CaptureDumper dumper) throws Exception;

    /** The names in the target directory. */
    List<String> list() throws Exception;

    /** The dump directories among {@link #list}: names {@link DumpNaming} makes. */
    default List<String> dumpDirectories() throws IOException {
        try {
            return list().stream().filter(DumpNaming::isDumpDirectory).toList();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(describe() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The first {@code maxBytes} of {@code dir/file}, empty when it is not there (a capture that stopped before
     * writing it).
     */
    Optional<byte[]> readFile(String dir, String file, int maxBytes) throws IOException;

    /** Where {@code dir} is, as a user names it in messages. */
    String describe(String dir);

    /** Deletes the dump directory {@code name} (a name {@link DumpNaming} made) and what it holds. */
    void delete(String name) throws Exception;
}
