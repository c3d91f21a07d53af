package org.kexkit.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.kexkit.dump.usage.MemoryUsage;

/**
 * makedumpfile --mem-usage's table (print_mem_usage: the same tabs, %-16llu columns and
 * descriptions, including the space after "Dumpable kernel data"), and the same numbers as JSON.
 */
final class MemoryUsageReport {
    private MemoryUsageReport() {
    }

    static String text(MemoryUsage u) {
        StringBuilder b = new StringBuilder("\n");
        b.append("TYPE\t\tPAGES\t\t\tEXCLUDABLE\tDESCRIPTION\n");
        b.append("----------------------------------------------------------------------\n");
        row(b, "ZERO\t\t", u.zero(), "yes", "Pages filled with zero");
        row(b, "NON_PRI_CACHE\t", u.nonPrivateCache(), "yes", "Cache pages without private flag");
        row(b, "PRI_CACHE\t", u.privateCache(), "yes", "Cache pages with private flag");
        row(b, "USER\t\t", u.user(), "yes", "User process pages");
        row(b, "FREE\t\t", u.free(), "yes", "Free pages");
        row(b, "KERN_DATA\t", u.kernelData(), "no", "Dumpable kernel data ");
        b.append('\n');
        b.append(String.format(Locale.ROOT, "page size:\t\t%-16d%n", u.pageSize()));
        b.append(String.format(Locale.ROOT, "Total pages on system:\t%-16d%n", u.totalPages()));
        b.append(String.format(Locale.ROOT, "Total size on system:\t%-16d Byte%n", u.totalBytes()));
        return b.toString();
    }

    private static void row(StringBuilder b, String type, long pages, String excludable, String description) {
        b.append(type).append(String.format(Locale.ROOT, "%-16d", pages)).append('\t').append(excludable)
                .append("\t\t").append(description).append('\n');
    }

    static Map<String, Object> json(MemoryUsage u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("zero", u.zero());
        m.put("non_pri_cache", u.nonPrivateCache());
        m.put("pri_cache", u.privateCache());
        m.put("user", u.user());
        m.put("free", u.free());
        m.put("kern_data", u.kernelData());
        m.put("hwpoison", u.hwpoison());
        m.put("offline", u.offline());
        m.put("unreadable", u.unreadable());
        m.put("page_size", u.pageSize());
        m.put("total_pages", u.totalPages());
        m.put("total_bytes", u.totalBytes());
        return m;
    }
}
