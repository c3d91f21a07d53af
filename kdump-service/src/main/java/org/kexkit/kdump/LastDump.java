package org.kexkit.kdump;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/** The newest capture's result in a target (a local directory or an ssh host), as the next boot's status reads it. */
public final class LastDump {
    /** A dump directory and its record; the record is empty when the capture died before writing it. */
    public record Found(String directory, Optional<DumpRecord> record) {
    }

    private LastDump() {
    }

    /** The newest dump directory in a local target directory and its record. */
    public static Optional<Found> in(Path target) throws IOException {
        return in(new LocalStore(target));
    }

    /** The same in any target: for an ssh target, one ssh run lists the directory and one reads the record. */
    public static Optional<Found> in(DumpStore store) throws IOException {
        Optional<String> newest = store.dumpDirectories().stream()
                .max(DumpNaming.OLDEST_FIRST);
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        Optional<byte[]> status = store.readFile(newest.get(), DumpNaming.STATUS, 64 * 1024);
        Optional<DumpRecord> record = status.isEmpty() ? Optional.empty()
                : DumpRecord.parse(new String(status.get(), StandardCharsets.UTF_8));
        return Optional.of(new Found(newest.get(), record));
    }
}
