package org.kexkit.kdump;

import java.util.List;

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

    /** Deletes the dump directory {@code name} (a name {@link DumpNaming} made) and what it holds. */
    void delete(String name) throws Exception;
}
