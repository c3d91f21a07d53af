package org.kexkit.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.kexkit.dump.filter.ExclusionClass;
import org.kexkit.dump.write.DumpStatistics;

/**
 * makedumpfile's closing statistics block (print_report: same labels, 0x%016llx
 * values, the reduction percentage, Memory Hole, Total pages, Write bytes) and
 * the same numbers as JSON. The "Cache hit" line is left out: kexkit has no
 * page cache to report on. With -E the "in ELF format" lines show the pages
 * really left out of the file. Pages the input dump no longer held get a row
 * of their own when there are any (makedumpfile leaves them uncounted). The
 * pmem RFCs' two rows ("pmem metadata pages", "pmem userdata pages") show when
 * the dump had pmem.
 */
final class DumpStatisticsReport {
    private DumpStatisticsReport() {
    }

    static String text(DumpStatistics s) {
        return text(s, OptionalLong.empty());
    }

    /** @param elfExcluded with -E: pages left out of the ELF file (pfn_elf_excluded) */
    static String text(DumpStatistics s, OptionalLong elfExcluded) {
        StringBuilder b = new StringBuilder("\n");
        line(b, "Original pages  : ", s.backedPages());
        line(b, "  Excluded pages   : ", s.excludedPages());
        if (elfExcluded.isPresent()) {
            line(b, "     in ELF format : ", elfExcluded.getAsLong());
        }
        boolean pmem = s.excluded(ExclusionClass.PMEM_METADATA) + s.excluded(ExclusionClass.PMEM_USERDATA) > 0;
        for (ExclusionClass c : ExclusionClass.values()) {
            boolean pmemRow = c == ExclusionClass.PMEM_METADATA || c == ExclusionClass.PMEM_USERDATA;
            if (c != ExclusionClass.NONE && (c != ExclusionClass.NOT_IN_SOURCE || s.excluded(c) > 0) && (!pmemRow || pmem)) {
                line(b, String.format(Locale.ROOT, "    %-24s: ", c.label()), s.excluded(c));
            }
        }
        line(b, "  Remaining pages  : ", s.remainingPages());
        long percent = s.remainingPercent();
        if (elfExcluded.isPresent()) {
            long remaining = s.backedPages() - elfExcluded.getAsLong();
            line(b, "     in ELF format : ", remaining);
            percent = s.backedPages() == 0 ? 0 : remaining * 100 / s.backedPages();
        }
        b.append(String.format(Locale.ROOT, "  (The number of pages is reduced to %d%%.)%n", percent));
        line(b, "Memory Hole     : ", s.memoryHolePages());
        b.append("--------------------------------------------------\n");
        line(b, "Total pages     : ", s.maxMapnr());
        b.append("Write bytes     : ").append(s.writeBytes()).append('\n');
        if (s.unreadablePages() > 0) {
            b.append("\nUnreadable pages (skipped): ").append(s.unreadablePages()).append(", first pfns ")
                    .append(hexList(s.unreadableSample())).append('\n');
        }
        return b.toString();
    }

    static Map<String, Object> json(DumpStatistics s) {
        return json(s, OptionalLong.empty());
    }

    static Map<String, Object> json(DumpStatistics s, OptionalLong elfExcluded) {
        Map<String, Object> excluded = new LinkedHashMap<>();
        for (ExclusionClass c : ExclusionClass.values()) {
            if (c != ExclusionClass.NONE) {
                excluded.put(c.name().toLowerCase(Locale.ROOT), s.excluded(c));
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("original_pages", s.backedPages());
        m.put("excluded_pages", s.excludedPages());
        m.put("excluded", excluded);
        m.put("remaining_pages", s.remainingPages());
        m.put("remaining_percent", s.remainingPercent());
        if (elfExcluded.isPresent()) {
            m.put("elf_excluded_pages", elfExcluded.getAsLong());
            m.put("elf_remaining_pages", s.backedPages() - elfExcluded.getAsLong());
        }
        m.put("memory_hole_pages", s.memoryHolePages());
        m.put("total_pages", s.maxMapnr());
        m.put("write_bytes", s.writeBytes());
        m.put("unreadable_pages", s.unreadablePages());
        m.put("unreadable_pfns_sample", s.unreadableSample());
        m.put("complete", s.complete());
        m.put("seconds", Math.round(s.seconds() * 1000) / 1000.0);
        return m;
    }

    private static void line(StringBuilder b, String label, long value) {
        b.append(label).append(String.format(Locale.ROOT, "0x%016x", value)).append('\n');
    }

    private static String hexList(List<Long> pfns) {
        return String.join(" ", pfns.stream().map(p -> "0x" + Long.toHexString(p)).toList());
    }
}
