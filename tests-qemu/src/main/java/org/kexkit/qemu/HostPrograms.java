package org.kexkit.qemu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.kexkit.qemu.run.HostCommand;

/** Small C helpers of the harness (resources), built once with the host's gcc for the host's libc. */
public final class HostPrograms {
    private HostPrograms() {}

    /** The program built from resource {@code NAME.c}, cached under the cache's NAME directory. */
    public static Path build(HarnessCache cache, String name) {
        Path dir = cache.dir(name);
        Path source = dir.resolve(name + ".c");
        Path binary = dir.resolve(name);
        try {
            byte[] text = GuestInitramfs.resource(name + ".c");
            if (!Files.exists(binary) || !Files.exists(source) || !java.util.Arrays.equals(Files.readAllBytes(source), text)) {
                Files.write(source, text);
                HostCommand.of("gcc", "-O2", "-Wall", "-o", binary.toString(), source.toString()).output();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return binary;
    }
}
