package org.kexkit.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.kexkit.dump.pmem.PmemDumpCounts;
import org.kexkit.pmem.DumpCase;
import org.kexkit.pmem.PfnMode;

/** The pmem lines after a dump's statistics, and the same as JSON: what became of each namespace. */
final class PmemDumpReport {
    private PmemDumpReport() {
    }

    static String text(PmemDumpCounts counts) {
        StringBuilder b = new StringBuilder();
        b.append("pmem (layout from ").append(counts.origin()).append("):\n");
        for (PmemDumpCounts.Namespace n : counts.namespaces()) {
            b.append(String.format(Locale.ROOT, "  %-14s %-6s %-21s metadata 0x%x of 0x%x pages dumped, user data 0x%x pages"
                    + " left out%n", n.namespace().name(), n.namespace().mode().ndctlName(), where(n.namespace().memmap()),
                    n.metadataDumped(), n.metadataPages(), n.userDataPages()));
            n.namespace().problem().ifPresent(p -> b.append("    ").append(p).append("; all of it counted as user data\n"));
        }
        if (counts.ramMemmapPages() > 0) {
            b.append(String.format(Locale.ROOT, "  memmap in RAM (case C): 0x%x pages, kept at every dump level%n",
                    counts.ramMemmapPages()));
        }
        return b.toString();
    }

    static Map<String, Object> json(PmemDumpCounts counts) {
        List<Object> namespaces = new ArrayList<>();
        for (PmemDumpCounts.Namespace n : counts.namespaces()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", n.namespace().name());
            m.put("mode", n.namespace().mode().ndctlName());
            m.put("memmap", n.namespace().memmap() == PfnMode.PMEM ? "device" : n.namespace().memmap() == PfnMode.RAM ? "ram" : "none");
            m.put("cases", n.namespace().cases().stream().map(DumpCase::name).toList());
            m.put("metadata_pages", n.metadataPages());
            m.put("metadata_dumped_pages", n.metadataDumped());
            m.put("user_data_pages", n.userDataPages());
            m.put("problem", n.namespace().problem().orElse(null));
            namespaces.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("layout_from", counts.origin());
        out.put("namespaces", namespaces);
        out.put("ram_memmap_pages", counts.ramMemmapPages());
        return out;
    }

    private static String where(PfnMode memmap) {
        return switch (memmap) {
            case PMEM -> "(memmap on device)";
            case RAM -> "(memmap in RAM)";
            default -> "(no memmap)";
        };
    }
}
