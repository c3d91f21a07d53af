package org.kexkit.qemu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.kexkit.qemu.run.HostCommand;

/**
 * Builds socketpair-fallback.c (see there) into an LD_PRELOAD library for guests whose kernel has
 * no networking: with it the guest's JVM can use FileChannel. Built with the host's gcc and cached
 * by the source's hash.
 */
public final class SocketpairShim {
    /** Where the guest has it; guest-kexkit.sh preloads it when present. */
    public static final String GUEST_PATH = "lib/x86_64-linux-gnu/libkexkit-socketpair.so";

    private SocketpairShim() {}

    public static Path ensure(HarnessCache cache) {
        byte[] source = GuestInitramfs.resource("socketpair-fallback.c");
        String key;
        try {
            key = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(source)).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path dir = cache.dir("shims/" + key);
        Path library = dir.resolve("libkexkit-socketpair.so");
        if (!Files.exists(library)) {
            try {
                Path c = Files.write(dir.resolve("socketpair-fallback.c"), source);
                Path partial = dir.resolve("libkexkit-socketpair.so.partial");
                HostCommand.of("gcc", "-shared", "-fPIC", "-O2", "-Wall", "-o", partial.toString(), c.toString()).output();
                Files.move(partial, library);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return library;
    }
}
