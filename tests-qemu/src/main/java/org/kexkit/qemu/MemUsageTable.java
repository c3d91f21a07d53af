package org.kexkit.qemu;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * makedumpfile --mem-usage's table read back from text (kexkit's or makedumpfile's): the pages
 * of each TYPE row, the page size and the totals.
 *
 * @param pages      ZERO, NON_PRI_CACHE, PRI_CACHE, USER, FREE, KERN_DATA in table order
 * @param pageSize   "page size:"
 * @param totalPages "Total pages on system:"
 * @param totalBytes "Total size on system:"
 */
public record MemUsageTable(Map<String, Long> pages, long pageSize, long totalPages, long totalBytes) {
    public static final List<String> TYPES = List.of("ZERO", "NON_PRI_CACHE", "PRI_CACHE", "USER", "FREE", "KERN_DATA");
    private static final Pattern ROW = Pattern.compile("^([A-Z_]+)\\t+(\\d+)\\s*\\t(yes|no)\\t\\t.*");
    private static final Pattern TOTAL = Pattern.compile("^(page size|Total pages on system|Total size on system):\\t+(\\d+)\\s*(Byte)?\\s*$");

    public MemUsageTable {
        pages = Map.copyOf(pages);
    }

    /** The table in {@code lines}, or empty unless every row and total is there. */
    public static Optional<MemUsageTable> parse(List<String> lines) {
        Map<String, Long> rows = new LinkedHashMap<>();
        Map<String, Long> totals = new LinkedHashMap<>();
        for (String line : lines) {
            Matcher row = ROW.matcher(line);
            if (row.matches() && TYPES.contains(row.group(1))) {
                rows.put(row.group(1), Long.parseLong(row.group(2)));
            }
            Matcher total = TOTAL.matcher(line);
            if (total.matches()) {
                totals.put(total.group(1), Long.parseLong(total.group(2)));
            }
        }
        if (rows.size() != TYPES.size() || totals.size() != 3) {
            return Optional.empty();
        }
        return Optional.of(new MemUsageTable(rows, totals.get("page size"), totals.get("Total pages on system"),
                totals.get("Total size on system")));
    }

    public long get(String type) {
        Long v = pages.get(type);
        if (v == null) {
            throw new IllegalArgumentException("no row " + type);
        }
        return v;
    }

    /** The rows add up to the total (KERN_DATA is what is left, so this holds for a well-formed table). */
    public long rowSum() {
        return pages.values().stream().mapToLong(Long::longValue).sum();
    }
}
