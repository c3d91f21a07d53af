package org.kexkit.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.kexkit.bin.PhysRange;
import org.kexkit.pmem.DumpCase;
import org.kexkit.pmem.PfnMode;
import org.kexkit.pmem.PmemLayout;
import org.kexkit.pmem.PmemNamespace;
import org.kexkit.pmem.PmemRegion;

/** `kexkit pmem list`: the layout as text and as JSON. */
final class PmemListReport {
    private PmemListReport() {
    }

    static String text(PmemLayout layout) {
        if (layout.isEmpty()) {
            return "no persistent memory (no \"Persistent Memory\" in /proc/iomem)\n";
        }
        StringBuilder b = new StringBuilder();
        for (PmemRegion r : layout.regions()) {
            b.append(String.format(Locale.ROOT, "%s  %s  %s  %s%n", r.name(), r.range(), size(r.range().size()),
                    r.kind().iomemName()));
            for (PhysRange ram : r.ramInside()) {
                b.append(String.format(Locale.ROOT, "  System RAM  %s  %s  dumped as RAM%n", ram, size(ram.size())));
            }
            for (PmemNamespace n : r.namespaces()) {
                b.append(String.format(Locale.ROOT, "  %s  %s  %s  %s%s%n", n.name(), n.mode().ndctlName(), memmap(n),
                        n.range(), cases(n)));
                n.metadata().ifPresent(m -> b.append(String.format(Locale.ROOT, "    metadata   %s  %s  on the device, kept%n",
                        m, size(m.size()))));
                for (PhysRange u : n.userData()) {
                    b.append(String.format(Locale.ROOT, "    user data  %s  %s  never dumped%n", u, size(u.size())));
                }
                n.problem().ifPresent(p -> b.append("    problem: ").append(p).append('\n'));
            }
            for (PhysRange free : r.outsideNamespaces()) {
                b.append(String.format(Locale.ROOT, "  no namespace  %s  %s  never dumped%n", free, size(free.size())));
            }
        }
        b.append(String.format(Locale.ROOT, "pmem %s in %d region%s: metadata %s kept, user data %s never dumped%n",
                size(layout.pmemBytes()), layout.regions().size(), layout.regions().size() == 1 ? "" : "s",
                size(layout.metadataBytes()), size(layout.pmemBytes() - layout.metadataBytes())));
        return b.toString();
    }

    static Map<String, Object> json(PmemLayout layout) {
        List<Object> regions = new ArrayList<>();
        for (PmemRegion r : layout.regions()) {
            Map<String, Object> region = new LinkedHashMap<>();
            region.put("name", r.name());
            region.put("kind", r.kind().iomemName());
            range(region, r.range());
            region.put("system_ram", r.ramInside().stream().map(PmemListReport::range).toList());
            List<Object> namespaces = new ArrayList<>();
            for (PmemNamespace n : r.namespaces()) {
                Map<String, Object> ns = new LinkedHashMap<>();
                ns.put("name", n.name());
                ns.put("mode", n.mode().ndctlName());
                ns.put("memmap", n.memmap() == PfnMode.PMEM ? "device" : n.memmap() == PfnMode.RAM ? "ram" : "none");
                range(ns, n.range());
                ns.put("metadata", n.metadata().map(PmemListReport::range).orElse(null));
                ns.put("metadata_bytes", n.metadataBytes());
                ns.put("user_data_bytes", n.userDataBytes());
                ns.put("cases", n.cases().stream().map(DumpCase::name).toList());
                ns.put("problem", n.problem().orElse(null));
                namespaces.add(ns);
            }
            region.put("namespaces", namespaces);
            regions.add(region);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("regions", regions);
        m.put("pmem_bytes", layout.pmemBytes());
        m.put("metadata_bytes", layout.metadataBytes());
        m.put("user_data_bytes", layout.pmemBytes() - layout.metadataBytes());
        m.put("problems", layout.problems());
        return m;
    }

    private static Map<String, Object> range(PhysRange r) {
        Map<String, Object> m = new LinkedHashMap<>();
        range(m, r);
        return m;
    }

    private static void range(Map<String, Object> m, PhysRange r) {
        m.put("start", "0x" + Long.toHexString(r.start()));
        m.put("end", "0x" + Long.toHexString(r.last()));
        m.put("size", r.size());
    }

    private static String memmap(PmemNamespace n) {
        return switch (n.memmap()) {
            case PMEM -> "memmap on the device";
            case RAM -> "memmap in RAM";
            default -> "no memmap";
        };
    }

    private static String cases(PmemNamespace n) {
        List<DumpCase> cases = n.cases();
        return cases.isEmpty() ? "" : "  (cases " + String.join(", ", cases.stream().map(DumpCase::name).toList()) + ")";
    }

    static String size(long bytes) {
        if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + " GiB";
        }
        if (bytes >= 1L << 20) {
            return bytes % (1L << 20) == 0 ? (bytes >> 20) + " MiB" : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
        }
        return bytes % 1024 == 0 ? (bytes >> 10) + " KiB" : bytes + " bytes";
    }
}
