package org.kexkit.kdump;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The newest capture's result in a local target directory, as the next boot's status reads it. */
public final class LastDump {
    /** A dump directory and its record; the record is empty when the capture died before writing it. */
    public record Found(String directory, Optional<DumpRecord> record) {
    }

    private LastDump() {
    }

    public static Optional<Found> in(Path target) throws IOException {
        List<String> names = new LocalStore(target).list();
        Optional<String> newest = names.stream().filter(DumpNaming::isDumpDirectory)
                .filter(n -> Files.isDirectory(target.resolve(n), LinkOption.NOFOLLOW_LINKS))
                .max(Comparator.comparing((String n) -> DumpNaming.time(n).orElseThrow()).thenComparing(n -> n));
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        Path status = target.resolve(newest.get()).resolve(DumpNaming.STATUS);
        Optional<DumpRecord> record = Optional.empty();
        if (Files.isRegularFile(status, LinkOption.NOFOLLOW_LINKS)) {
            try (InputStream in = Files.newInputStream(status)) {
                record = DumpRecord.parse(new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8));
            }
        }
        return Optional.of(new Found(newest.get(), record));
    }
}
