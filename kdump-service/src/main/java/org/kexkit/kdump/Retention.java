package org.kexkit.kdump;

import java.util.ArrayList;
import java.util.List;

/** keep N: which dump directories go, given the names a target holds. Only names this service makes are counted. */
public final class Retention {
    private Retention() {
    }

    /**
     * The directories to delete so that {@code keep} remain, the newest by the time in their names; {@code current}
     * (the dump just written) is never among them. {@code keep} 0 deletes nothing.
     */
    public static List<String> toDelete(List<String> names, int keep, String current) {
        if (keep <= 0) {
            return List.of();
        }
        List<String> dumps = new ArrayList<>();
        for (String n : names) {
            if (DumpNaming.isDumpDirectory(n)) {
                dumps.add(n);
            }
        }
        dumps.sort(DumpNaming.OLDEST_FIRST.reversed());
        List<String> delete = new ArrayList<>();
        int kept = dumps.contains(current) ? 1 : 0;
        for (String n : dumps) {
            if (n.equals(current)) {
                continue;
            }
            if (kept < keep) {
                kept++;
            } else {
                delete.add(n);
            }
        }
        return delete;
    }
}
