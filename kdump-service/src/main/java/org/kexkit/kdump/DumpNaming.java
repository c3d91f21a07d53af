package org.kexkit.kdump;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The per-crash directory {@code <host>-<YYYYMMDD-HHMMSS>} and the files in it: names that sort by time, need no
 * quoting on any shell and tell which machine crashed when the target is shared.
 */
public final class DumpNaming {
    public static final String DMESG = "dmesg.txt";
    public static final String DUMP = "dump";
    /** An ssh target's dump: makedumpfile's flattened stream, rebuilt with makedumpfile -R. */
    public static final String DUMP_FLATTENED = "dump.flat";
    public static final String STATUS = "status";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9._-]+)-(\\d{8}-\\d{6})");

    private DumpNaming() {
    }

    /** The directory for a crash of {@code host} captured at {@code time}; a host name that needs quoting becomes "localhost". */
    public static String directory(String host, LocalDateTime time) {
        String h = host == null || host.isBlank() || !host.matches("[A-Za-z0-9._-]+") || host.startsWith(".")
                ? "localhost" : host;
        return h + "-" + STAMP.format(time);
    }

    /** The capture time a dump directory's name carries, or empty for a name this service did not make. */
    public static Optional<LocalDateTime> time(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(m.group(2), STAMP));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Dump directories (names {@link #isDumpDirectory} accepts) oldest first: by the time in the name, then the name. */
    public static final Comparator<String> OLDEST_FIRST =
            Comparator.comparing((String n) -> time(n).orElseThrow()).thenComparing(n -> n);

    /** Whether {@code name} is a dump directory's name. */
    public static boolean isDumpDirectory(String name) {
        return time(name).isPresent();
    }
}
