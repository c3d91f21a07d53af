package org.kexkit.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.kexkit.bin.PhysRange;
import org.kexkit.pmem.DumpCase;
import org.kexkit.pmem.NdBus;
import org.kexkit.pmem.PfnMode;
import org.kexkit.pmem.PmemLayout;
import org.kexkit.pmem.PmemNamespace;
import org.kexkit.pmem.PmemRegion;

/** `kexkit pmem list`: the layout as text and as JSON, with the devices' sysfs details (uuid, align, claim). */
final class PmemListReport {
    private PmemListReport() {
    }

    static String text(PmemLayout layout, NdBus bus) {
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
                details(n, bus).ifPresent(d -> b.append("    ").append(d).append('\n'));
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

    /** "claimed by pfn0.0, align 2 MiB, uuid ..." or "raw device pmem0, uuid ..." from sysfs. */
    private static java.util.Optional<String> details(PmemNamespace n, NdBus bus) {
        java.util.Optional<NdBus.Namespace> ns = bus.namespace(n.name());
        if (ns.isEmpty()) {
            return java.util.Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        java.util.Optional<NdBus.Claim> claim = ns.get().holder().isBlank() ? java.util.Optional.empty()
                : bus.claim(ns.get().holder().strip());
        claim.ifPresent(c -> {
            parts.add("claimed by " + c.name());
            c.align().ifPresent(a -> parts.add("align " + size(a)));
            c.uuid().ifPresent(u -> parts.add("uuid " + u));
        });
        ns.get().blockDevice().ifPresent(d -> parts.add("raw device " + d + (ns.get().forceRaw() ? " (force_raw)" : "")));
        ns.get().uuid().ifPresent(u -> parts.add("namespace uuid " + u));
        return parts.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(String.join(", ", parts));
    }

    static Map<String, Object> json(PmemLayout layout, NdBus bus) {
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
                bus.namespace(n.name()).ifPresent(nd -> {
                    ns.put("uuid", nd.uuid().orElse(null));
                    ns.put("holder", nd.holder().isBlank() ? null : nd.holder().strip());
                    ns.put("force_raw", nd.forceRaw());
                    ns.put("block_device", nd.blockDevice().orElse(null));
                    bus.claim(nd.holder().strip()).ifPresent(c -> {
                        Map<String, Object> cm = new LinkedHashMap<>();
                        cm.put("name", c.name());
                        cm.put("mode", c.mode().map(PfnMode::sysfsName).orElse(null));
                        cm.put("data_start", c.resource().isPresent() ? "0x" + Long.toHexString(c.resource().getAsLong()) : null);
                        cm.put("align", c.align().isPresent() ? c.align().getAsLong() : null);
                        cm.put("uuid", c.uuid().orElse(null));
                        ns.put("claim", cm);
                    });
                });
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
