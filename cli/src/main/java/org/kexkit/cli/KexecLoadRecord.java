package org.kexkit.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.kexkit.bin.KeyValueLines;
import org.kexkit.dump.io.SafeOutputFile;

/**
 * How kexkit kexec -l loaded the kexec kernel, kept in /run/kexkit/kexec-loaded (tmpfs: gone at
 * boot) for kexec -e. The kernel does not say: /sys/kernel/kexec_loaded is 1 after kexec_load and
 * kexec_file_load alike, and only kexec_file_load carries LUO's sessions to the next kernel. A
 * load by another tool leaves the record behind; -u, or the next kexkit load, replaces it.
 *
 * @param syscall "kexec_load" (-c) or "kexec_file_load" (-s)
 * @param kho     with -c, whether kexkit wrote KHO's segments (--kho)
 * @param kernel  the image loaded
 */
record KexecLoadRecord(String syscall, boolean kho, String kernel) {
    static final String PATH = "run/kexkit/kexec-loaded";
    static final String KEXEC_LOAD = "kexec_load";
    static final String KEXEC_FILE_LOAD = "kexec_file_load";

    /** The option spelling that made this load, for messages: "-c --kho", "-c" or "-s". */
    String options() {
        return syscall.equals(KEXEC_LOAD) ? (kho ? "-c --kho" : "-c") : "-s";
    }

    /** The record's lines, as kexkit's other records: syscall, kho (yes or no), kernel. */
    Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("syscall", syscall);
        fields.put("kho", kho ? "yes" : "no");
        fields.put("kernel", kernel);
        return fields;
    }

    /** Records a load; a record that cannot be written is a warning, the load stands. */
    void write(Path root, KexecContext context) {
        Path file = root.resolve(PATH);
        try {
            Files.createDirectories(file.getParent());
            try (SafeOutputFile out = SafeOutputFile.create(file, true)) {
                out.channel().write(java.nio.ByteBuffer.wrap(KeyValueLines.write(fields())));
                out.commit();
            }
        } catch (IOException | org.kexkit.dump.DumpException e) {
            context.warn("cannot record the load in /" + PATH + ": " + ErrorReporter.expectedMessage(e)
                    + "; kexec -e will not know how the kernel was loaded");
        }
    }

    /** The record, if there is one that reads as one. */
    static Optional<KexecLoadRecord> read(Path root) {
        Map<String, String> fields;
        try {
            fields = KeyValueLines.parse(Files.readString(root.resolve(PATH), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
        String syscall = fields.get("syscall");
        if (!KEXEC_LOAD.equals(syscall) && !KEXEC_FILE_LOAD.equals(syscall)) {
            return Optional.empty();
        }
        return Optional.of(new KexecLoadRecord(syscall, "yes".equals(fields.get("kho")), fields.getOrDefault("kernel", "")));
    }

    static void forget(Path root) throws IOException {
        Files.deleteIfExists(root.resolve(PATH));
    }
}
