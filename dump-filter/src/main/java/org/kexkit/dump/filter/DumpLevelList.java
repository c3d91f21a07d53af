package org.kexkit.dump.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * makedumpfile's -d argument (parse_dump_level): one level, or a comma list of
 * levels to retry with, in order, when the disk fills up (create_dumpfile moves
 * to the next one on ENOSPC). At most NUM_ARRAY_DUMP_LEVEL (32) entries. kexkit
 * is stricter than makedumpfile's atoi: an entry that is not a number is refused
 * instead of read as 0.
 *
 * @param levels the levels in the order given; the first is the one tried first
 */
public record DumpLevelList(List<DumpLevel> levels) {
    /** makedumpfile.h NUM_ARRAY_DUMP_LEVEL (MAX_DUMP_LEVEL 31 + 1). */
    public static final int MAX_ENTRIES = 32;

    public DumpLevelList {
        levels = List.copyOf(levels);
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("a dump level is required");
        }
    }

    /** Parses "31" or "11,31"; the message of the exception is for users. */
    public static DumpLevelList parse(String text) {
        List<DumpLevel> levels = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue; // strtok skips empty fields: "1,,31" is 1 then 31
            }
            int value;
            try {
                value = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("dump level must be 0 to " + DumpLevel.MAX + ", found '" + p + "'");
            }
            if (value < 0 || value > DumpLevel.MAX) {
                throw new IllegalArgumentException("dump level must be 0 to " + DumpLevel.MAX + ", found " + value);
            }
            if (levels.size() == MAX_ENTRIES) {
                throw new IllegalArgumentException("at most " + MAX_ENTRIES + " dump levels can be given");
            }
            levels.add(new DumpLevel(value));
        }
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("dump level must be 0 to " + DumpLevel.MAX + ", found '" + text + "'");
        }
        return new DumpLevelList(levels);
    }

    public DumpLevel first() {
        return levels.get(0);
    }
}
