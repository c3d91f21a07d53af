package org.kexkit.cli;

import static org.kexkit.cli.ReportText.hex;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kexkit.kho.KhoAbi;
import org.kexkit.kho.KhoPropertyTyping;
import org.kexkit.kho.KhoSubtree;
import org.kexkit.kho.SubtreeContent;
import org.kexkit.kho.fdt.FdtBlob;
import org.kexkit.kho.fdt.FdtHeader;
import org.kexkit.kho.fdt.FdtNode;
import org.kexkit.kho.fdt.FdtProperty;
import org.kexkit.kho.fdt.PropertyTyping;
import org.kexkit.kho.fdt.PropertyValue;

/** `kexkit kho show --json`: one object with the file, its kind, the FDT's tree and the KHO meaning. */
final class KhoViewJson {
    private KhoViewJson() {
    }

    static String of(KhoView view) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", view.source());
        out.put("kind", kind(view));
        if (!view.faults().isEmpty()) {
            out.put("faults", view.faults());
        }
        if (view instanceof KhoView.SubtreesOnly s) {
            List<Object> subtrees = new ArrayList<>();
            for (KhoView.SubtreeFile f : s.files()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", f.name());
                entry.put("blob_size", f.size());
                entry.put("content", content(f.content()));
                subtrees.add(entry);
            }
            out.put("subtrees", subtrees);
        } else if (view instanceof KhoView.Root r) {
            out.put("fdt", fdt(r.fdt()));
            out.put("kho", root(r));
        } else if (view instanceof KhoView.Subtree s) {
            s.fdt().ifPresent(fdt -> out.put("fdt", fdt(fdt)));
            out.put("subtree", s.name());
            out.put("content", content(s.content()));
        } else if (view instanceof KhoView.PlainFdt p) {
            out.put("fdt", fdt(p.fdt()));
        }
        return Json.write(out);
    }

    private static String kind(KhoView view) {
        if (view instanceof KhoView.Root) {
            return "root";
        }
        if (view instanceof KhoView.Subtree) {
            return "subtree";
        }
        return view instanceof KhoView.SubtreesOnly ? "subtrees" : "fdt";
    }

    private static Map<String, Object> fdt(FdtBlob fdt) {
        FdtHeader h = fdt.header();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("version", h.version());
        f.put("last_comp_version", h.lastCompVersion());
        f.put("totalsize", h.totalSize());
        f.put("boot_cpuid_phys", h.bootCpuidPhys());
        List<Object> reservations = new ArrayList<>();
        fdt.tree().reservations().forEach(r -> reservations.add(Map.of("address", hex(r.address()),
                "size", hex(r.size()))));
        f.put("reservations", reservations);
        f.put("root", node(fdt.tree().root(), new KhoPropertyTyping(fdt.tree())));
        return f;
    }

    private static Map<String, Object> root(KhoView.Root view) {
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("compatible", view.root().generation().compatible());
        k.put("preserved_memory_map", hex(view.root().preservedMemoryMap()));
        view.preserved().ifPresent(preserved -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("memory", preserved.core());
            p.put("blocks", preserved.blocks());
            p.put("bytes", preserved.bytes());
            List<Object> ranges = new ArrayList<>();
            preserved.ranges().forEach(r -> ranges.add(Map.of("start", hex(r.start()), "size", hex(r.size()))));
            p.put("ranges", ranges);
            k.put("preserved_memory", p);
        });
        List<Object> subtrees = new ArrayList<>();
        for (KhoSubtree s : view.root().subtrees()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", s.name());
            entry.put("preserved_data", hex(s.preservedData()));
            entry.put("blob_size", s.blobSize().isPresent() ? s.blobSize().getAsLong() : null);
            SubtreeContent content = view.contents().get(s.name());
            entry.put("content", content != null ? content(content) : null);
            subtrees.add(entry);
        }
        k.put("subtrees", subtrees);
        return k;
    }

    private static Map<String, Object> content(SubtreeContent content) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (content instanceof SubtreeContent.KexecMetadata m) {
            out.put("version", m.version());
            out.put("previous_release", m.previousRelease());
            out.put("kexec_count", m.kexecCount());
        } else if (content instanceof SubtreeContent.Memblock m) {
            out.put("compatible", KhoAbi.MEMBLOCK_COMPATIBLE);
            List<Object> regions = new ArrayList<>();
            for (SubtreeContent.ReserveMem r : m.regions()) {
                Map<String, Object> region = new LinkedHashMap<>();
                region.put("name", r.name());
                region.put("start", hex(r.start()));
                region.put("size", hex(r.size()));
                regions.add(region);
            }
            out.put("reserve_mem", regions);
        } else if (content instanceof SubtreeContent.Luo l) {
            out.put("compatible", l.compatible());
            out.put("liveupdate_num", l.liveupdateNum());
            out.put("sessions_pa", hex(l.sessionsPa()));
            out.put("flbs_pa", hex(l.flbsPa()));
        } else if (content instanceof SubtreeContent.LuoAt l) {
            out.put("compatible", l.compatible());
            out.put("luo_ser_pa", hex(l.luoSerPa()));
        } else if (content instanceof SubtreeContent.NotDecoded n) {
            out.put("not_decoded", n.reason());
        }
        return out;
    }

    private static Map<String, Object> node(FdtNode node, PropertyTyping typing) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", node.name());
        List<Object> properties = new ArrayList<>();
        for (FdtProperty p : node.properties()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", p.name());
            PropertyValue value = typing.type(node, p);
            if (value instanceof PropertyValue.Strings s) {
                entry.put("type", "strings");
                entry.put("value", s.values());
            } else if (value instanceof PropertyValue.Cells c) {
                entry.put("type", "cells");
                entry.put("value", c.values().stream().map(ReportText::hex).toList());
            } else if (value instanceof PropertyValue.U64Le u) {
                entry.put("type", "u64le");
                entry.put("value", hex(u.value()));
            } else if (value instanceof PropertyValue.Bytes b) {
                entry.put("type", "bytes");
                entry.put("value", HexFormat.of().formatHex(b.values()));
            } else {
                entry.put("type", "empty");
            }
            properties.add(entry);
        }
        out.put("properties", properties);
        List<Object> children = new ArrayList<>();
        node.children().forEach(c -> children.add(node(c, typing)));
        out.put("children", children);
        return out;
    }
}
