package org.kexkit.cli;

import static org.kexkit.cli.ReportText.line;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.kexkit.kho.KhoAbi;
import org.kexkit.kho.KhoGeneration;
import org.kexkit.kho.KhoPropertyTyping;
import org.kexkit.kho.KhoSubtree;
import org.kexkit.kho.PreservedRange;
import org.kexkit.kho.SubtreeContent;
import org.kexkit.kho.fdt.DtsWriter;
import org.kexkit.kho.fdt.FdtBlob;
import org.kexkit.kho.fdt.FdtHeader;

/** `kexkit kho show` as text: the dts-like view of an FDT, then what it means for KHO. */
final class KhoViewText {
    private KhoViewText() {
    }

    static String of(KhoView view) {
        StringBuilder out = new StringBuilder();
        for (String f : view.faults()) {
            line(out, "note: %s", f);
        }
        if (view instanceof KhoView.SubtreesOnly s) {
            subtreesOnly(out, s);
        } else if (view instanceof KhoView.Root r) {
            dts(out, r.fdt());
            root(out, r);
        } else if (view instanceof KhoView.Subtree s) {
            s.fdt().ifPresent(fdt -> dts(out, fdt));
            line(out, "KHO subtree %s (%s)", s.name(), s.source());
            for (String l : describe(s.content())) {
                line(out, "  %s", l);
            }
        } else if (view instanceof KhoView.PlainFdt p) {
            dts(out, p.fdt());
            line(out, "not a KHO root (compatible %s) nor a known subtree", KhoGeneration.known());
        }
        return out.toString();
    }

    private static void subtreesOnly(StringBuilder out, KhoView.SubtreesOnly view) {
        line(out, "KHO subtrees in %s (no readable root FDT, so their physical addresses are not shown):", view.source());
        for (KhoView.SubtreeFile f : view.files()) {
            line(out, "  subtree %s: 0x%x bytes", f.name(), f.size());
            for (String l : describe(f.content())) {
                line(out, "    %s", l);
            }
        }
    }

    private static void dts(StringBuilder out, FdtBlob fdt) {
        out.append(new DtsWriter(new KhoPropertyTyping(fdt.tree())).write(fdt.tree())).append('\n');
    }

    private static void root(StringBuilder out, KhoView.Root view) {
        FdtHeader h = view.fdt().header();
        KhoGeneration generation = view.root().generation();
        line(out, "KHO root %s (FDT version %d, %d bytes)", generation.compatible(), h.version(), h.totalSize());
        long map = view.root().preservedMemoryMap();
        String what = generation.memoryMap() == KhoGeneration.MemoryMap.RADIX_TREE ? "radix tree root page"
                : "chunk list (kho-v1) first chunk";
        if (view.preserved().isEmpty()) {
            line(out, "  preserved memory: %s at 0x%x (walking it needs the memory of the kernel"
                    + " that wrote it: give --memory CORE)", what, map);
        } else {
            KhoView.Preserved p = view.preserved().get();
            line(out, "  preserved memory: %s at 0x%x, read from %s: %d block%s in %d range%s,"
                    + " %d bytes (%.1f MiB)", what, map, p.core(), p.blocks(), p.blocks() == 1 ? "" : "s", p.ranges().size(),
                    p.ranges().size() == 1 ? "" : "s", p.bytes(), p.bytes() / 1048576.0);
            for (PreservedRange r : p.ranges()) {
                line(out, "    0x%x-0x%x (0x%x bytes)", r.start(), r.end() - 1, r.size());
            }
        }
        for (KhoSubtree s : view.root().subtrees()) {
            if (s.blobSize().isPresent()) {
                line(out, "  subtree %s: 0x%x bytes at 0x%x", s.name(), s.blobSize().getAsLong(), s.preservedData());
            } else {
                line(out, "  subtree %s: FDT at 0x%x", s.name(), s.preservedData());
            }
            SubtreeContent content = view.contents().get(s.name());
            if (content != null) {
                for (String l : describe(content)) {
                    line(out, "    %s", l);
                }
            }
        }
        if (!view.blobsLookedFor()) {
            line(out, "  (blob contents not read: no sub_fdts/ directory beside the file)");
        }
    }

    /** A blob's meaning in a line or a few. */
    private static List<String> describe(SubtreeContent content) {
        List<String> lines = new ArrayList<>();
        if (content instanceof SubtreeContent.KexecMetadata m) {
            lines.add(String.format(Locale.ROOT, "kexec-metadata v%d: previous kernel %s, kexec count %d", m.version(),
                    m.previousRelease(), m.kexecCount()));
        } else if (content instanceof SubtreeContent.Memblock m) {
            lines.add(KhoAbi.MEMBLOCK_COMPATIBLE + ": " + m.regions().size() + " reserve_mem region"
                    + (m.regions().size() == 1 ? "" : "s"));
            for (SubtreeContent.ReserveMem r : m.regions()) {
                lines.add(String.format(Locale.ROOT, "  %s: 0x%x-0x%x (0x%x bytes)", r.name(), r.start(),
                        r.start() + r.size() - 1, r.size()));
            }
        } else if (content instanceof SubtreeContent.Luo l) {
            lines.add(String.format(Locale.ROOT, "%s: live update number %d, sessions at 0x%x%s, FLBs at 0x%x",
                    l.compatible(), l.liveupdateNum(), l.sessionsPa(),
                    l.sessionsPa() == 0 ? " (none: filled in at kexec reboot)" : "", l.flbsPa()));
        } else if (content instanceof SubtreeContent.LuoAt l) {
            lines.add(String.format(Locale.ROOT, "%s: struct luo_ser at 0x%x (in another preserved page)",
                    l.compatible(), l.luoSerPa()));
        } else if (content instanceof SubtreeContent.NotDecoded n) {
            lines.add("not decoded: " + n.reason());
        }
        return lines;
    }
}
