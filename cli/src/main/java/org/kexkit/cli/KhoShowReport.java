package org.kexkit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kexkit.bin.FormatException;
import org.kexkit.bin.PhysicalMemory;
import org.kexkit.kho.KhoAbi;
import org.kexkit.kho.KhoException;
import org.kexkit.kho.KhoPropertyTyping;
import org.kexkit.kho.KhoRoot;
import org.kexkit.kho.KhoRootReader;
import org.kexkit.kho.KhoSubtree;
import org.kexkit.kho.PreservedBlock;
import org.kexkit.kho.PreservedMemoryMapReader;
import org.kexkit.kho.PreservedRange;
import org.kexkit.kho.SubtreeContent;
import org.kexkit.kho.SubtreeDecoder;
import org.kexkit.kho.fdt.DtsWriter;
import org.kexkit.kho.fdt.FdtBlob;
import org.kexkit.kho.fdt.FdtHeader;
import org.kexkit.kho.fdt.FdtNode;
import org.kexkit.kho.fdt.FdtProperty;
import org.kexkit.kho.fdt.FdtReader;
import org.kexkit.kho.fdt.PropertyTyping;
import org.kexkit.kho.fdt.PropertyValue;
import org.kexkit.kho.system.KhoDebugfsDir;
import org.kexkit.kho.system.KhoDebugfsReader;

/**
 * What `kexkit kho show` prints: the dts-like view of an FDT (if the file is one) and the KHO meaning
 * of the root or of the one subtree blob the file holds.
 */
final class KhoShowReport {
    private final String source;
    private final FdtBlob fdt;
    private final KhoRoot root;
    /** Subtree name to decoded blob: a root's blobs found in sub_fdts/, or the file's own blob. */
    private final Map<String, SubtreeContent> contents;
    private final String loneSubtree;
    private final boolean blobsLookedFor;
    /** Subtree files shown without a readable root FDT (debugfs out/ of 7.2.13): name to size. */
    private final Map<String, Integer> filesOnly;
    /** Known faults of the debugfs view this came from, one line each. */
    private final List<String> faults;
    /** The radix tree walked in a core's memory (--memory), or null. */
    private final Preserved preserved;

    /** What the preserved-memory radix tree held: its blocks, joined into ranges. */
    record Preserved(String core, int blocks, List<PreservedRange> ranges) {
        long bytes() {
            return ranges.stream().mapToLong(PreservedRange::size).sum();
        }
    }

    private KhoShowReport(String source, FdtBlob fdt, KhoRoot root, Map<String, SubtreeContent> contents,
            String loneSubtree, boolean blobsLookedFor) {
        this(source, fdt, root, contents, loneSubtree, blobsLookedFor, Map.of(), List.of());
    }

    private KhoShowReport(String source, FdtBlob fdt, KhoRoot root, Map<String, SubtreeContent> contents,
            String loneSubtree, boolean blobsLookedFor, Map<String, Integer> filesOnly, List<String> faults) {
        this(source, fdt, root, contents, loneSubtree, blobsLookedFor, filesOnly, faults, null);
    }

    private KhoShowReport(String source, FdtBlob fdt, KhoRoot root, Map<String, SubtreeContent> contents,
            String loneSubtree, boolean blobsLookedFor, Map<String, Integer> filesOnly, List<String> faults,
            Preserved preserved) {
        this.preserved = preserved;
        this.source = source;
        this.fdt = fdt;
        this.root = root;
        this.contents = contents;
        this.loneSubtree = loneSubtree;
        this.blobsLookedFor = blobsLookedFor;
        this.filesOnly = filesOnly;
        this.faults = List.copyOf(faults);
    }

    /**
     * This report with the root's preserved-memory radix tree walked in {@code memory}, the memory of
     * the kernel that wrote the tree: the next kernel frees the tree's pages early and reuses them.
     */
    KhoShowReport withPreservedMemory(String core, PhysicalMemory memory) throws FormatException, IOException {
        if (root == null) {
            throw new CommandFailure(source + ": --memory needs a KHO root FDT (kho/in/fdt or kho/out/fdt), which"
                    + " holds the address of the preserved-memory radix tree");
        }
        List<PreservedBlock> blocks = PreservedMemoryMapReader.read(memory, core + ": physical memory",
                root.preservedMemoryMap());
        return new KhoShowReport(source, fdt, root, contents, loneSubtree, blobsLookedFor, filesOnly, faults,
                new Preserved(core, blocks.size(), PreservedRange.merge(blocks)));
    }

    /**
     * kho/in or kho/out of debugfs: the root FDT with its sub_fdts/ when the FDT is readable, else
     * (7.2.13's cut or missing out/fdt) what the subtree files alone tell, after the fault lines.
     */
    static KhoShowReport ofDebugfs(KhoDebugfsDir dir, List<String> faults) throws FormatException, KhoException,
            IOException {
        Optional<byte[]> fdt = dir.fdt();
        if (fdt.isPresent() && !FdtReader.isTruncated(fdt.get())) {
            KhoShowReport r = of(dir.fdtPath(), fdt.get(), null, dir.path() + "/sub_fdts", dir.subtrees());
            return new KhoShowReport(r.source, r.fdt, r.root, r.contents, r.loneSubtree, r.blobsLookedFor, Map.of(),
                    faults);
        }
        Map<String, SubtreeContent> contents = new LinkedHashMap<>();
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : dir.subtrees().entrySet()) {
            sizes.put(e.getKey(), e.getValue().length);
            contents.put(e.getKey(), decodeQuietly(e.getKey(), e.getValue(), dir.subtreePath(e.getKey())));
        }
        return new KhoShowReport(dir.path() + "/sub_fdts", null, null, contents, null, true, sizes, faults);
    }

    static KhoShowReport of(String source, byte[] bytes, String subtree, Path subFdts)
            throws FormatException, KhoException, IOException {
        Map<String, byte[]> blobs = subFdts != null && Files.isDirectory(subFdts)
                ? KhoDebugfsReader.subtreeFiles(subFdts) : null;
        return of(source, bytes, subtree, subFdts == null ? null : subFdts.toString(), blobs);
    }

    private static KhoShowReport of(String source, byte[] bytes, String subtree, String subFdtsPath,
            Map<String, byte[]> subFdts) throws FormatException, KhoException {
        if (subtree != null && !KhoAbi.KNOWN_SUBTREES.contains(subtree)) {
            throw new CommandFailure("--subtree " + subtree + ": not a subtree this kexkit knows (knows "
                    + String.join(", ", KhoAbi.KNOWN_SUBTREES) + ")");
        }
        if (subtree == null && FdtReader.hasMagic(bytes)) {
            FdtBlob blob = readFdt(bytes, source);
            if (KhoRootReader.looksLikeRoot(blob.tree())) {
                KhoRoot root;
                try {
                    root = KhoRootReader.read(blob.tree());
                } catch (KhoException e) {
                    throw new CommandFailure(source + ": " + e.getMessage());
                }
                boolean lookedFor = subFdts != null;
                return new KhoShowReport(source, blob, root, lookedFor ? blobs(root, subFdtsPath, subFdts) : Map.of(),
                        null, lookedFor);
            }
            if (!blob.tree().root().string("compatible").orElse("").startsWith("memblock-")) {
                return new KhoShowReport(source, blob, null, Map.of(), null, false);
            }
            subtree = KhoAbi.MEMBLOCK;
        }
        String name = subtree != null ? subtree : SubtreeDecoder.guessName(bytes);
        if (name == null) {
            throw new CommandFailure(source + ": not an FDT and not a subtree blob kexkit recognises"
                    + " (give --subtree kexec-metadata|memblock|LUO)");
        }
        FdtBlob blob = name.equals(KhoAbi.MEMBLOCK) ? FdtReader.read(bytes, source) : null;
        SubtreeContent content;
        try {
            content = SubtreeDecoder.decode(name, bytes, source);
        } catch (KhoException e) {
            throw new CommandFailure(source + ": " + e.getMessage());
        }
        if (content instanceof SubtreeContent.NotDecoded n) {
            throw new CommandFailure(source + ": " + n.reason());
        }
        return new KhoShowReport(source, blob, null, Map.of(name, content), name, false);
    }

    private static FdtBlob readFdt(byte[] bytes, String source) throws FormatException {
        try {
            return FdtReader.read(bytes, source);
        } catch (FormatException e) {
            if (FdtReader.isTruncated(bytes)) {
                // KHO-ABI.md, 7.2.13 debugfs fault 1: out/fdt keeps the size it had at fs_initcall
                throw new FormatException(e.source(), e.offset(), e.problem() + " (7.2.13's kho/out/fdt is cut at"
                        + " its boot-time size; the next kernel's kho/in/fdt has all of it)");
            }
            throw e;
        }
    }

    /** The blobs beside a root FDT, as debugfs lays them out (kho/in/sub_fdts/NAME next to kho/in/fdt). */
    private static Map<String, SubtreeContent> blobs(KhoRoot root, String dir, Map<String, byte[]> files) {
        Map<String, SubtreeContent> out = new LinkedHashMap<>();
        for (KhoSubtree s : root.subtrees()) {
            byte[] bytes = files.get(s.name());
            if (bytes == null) {
                continue;
            }
            String file = dir + "/" + s.name();
            if (bytes.length != s.blobSize()) {
                out.put(s.name(), new SubtreeContent.NotDecoded(file + " is " + bytes.length
                        + " bytes, blob-size says " + s.blobSize()));
                continue;
            }
            out.put(s.name(), decodeQuietly(s.name(), bytes, file));
        }
        return out;
    }

    /** A blob's meaning, or why it has none, never an exception: one bad blob must not hide the others. */
    private static SubtreeContent decodeQuietly(String name, byte[] bytes, String file) {
        try {
            return SubtreeDecoder.decode(name, bytes, file);
        } catch (FormatException | KhoException e) {
            return new SubtreeContent.NotDecoded(e.getMessage());
        }
    }

    String text() {
        StringBuilder out = new StringBuilder();
        for (String f : faults) {
            line(out, "note: %s", f);
        }
        if (!filesOnly.isEmpty() || (fdt == null && root == null && loneSubtree == null && blobsLookedFor)) {
            line(out, "KHO subtrees in %s (no readable root FDT, so their physical addresses are not shown):", source);
            for (Map.Entry<String, Integer> f : filesOnly.entrySet()) {
                line(out, "  subtree %s: 0x%x bytes", f.getKey(), f.getValue());
                for (String l : describe(contents.get(f.getKey()))) {
                    line(out, "    %s", l);
                }
            }
            return out.toString();
        }
        if (fdt != null) {
            out.append(new DtsWriter(new KhoPropertyTyping(fdt.tree())).write(fdt.tree())).append('\n');
        }
        if (root != null) {
            FdtHeader h = fdt.header();
            line(out, "KHO root %s (FDT version %d, %d bytes)", KhoAbi.ROOT_COMPATIBLE, h.version(), h.totalSize());
            if (preserved == null) {
                line(out, "  preserved memory: radix tree root page at 0x%x (walking it needs the memory of the kernel"
                        + " that wrote it: give --memory CORE)", root.preservedMemoryMap());
            } else {
                line(out, "  preserved memory: radix tree root page at 0x%x, read from %s: %d block%s in %d range%s,"
                        + " %d bytes (%.1f MiB)", root.preservedMemoryMap(), preserved.core(), preserved.blocks(),
                        preserved.blocks() == 1 ? "" : "s", preserved.ranges().size(),
                        preserved.ranges().size() == 1 ? "" : "s", preserved.bytes(), preserved.bytes() / 1048576.0);
                for (PreservedRange r : preserved.ranges()) {
                    line(out, "    0x%x-0x%x (0x%x bytes)", r.start(), r.end() - 1, r.size());
                }
            }
            for (KhoSubtree s : root.subtrees()) {
                line(out, "  subtree %s: 0x%x bytes at 0x%x", s.name(), s.blobSize(), s.preservedData());
                SubtreeContent content = contents.get(s.name());
                if (content != null) {
                    for (String l : describe(content)) {
                        line(out, "    %s", l);
                    }
                }
            }
            if (!blobsLookedFor) {
                line(out, "  (blob contents not read: no sub_fdts/ directory beside the file)");
            }
        } else if (loneSubtree != null) {
            line(out, "KHO subtree %s (%s)", loneSubtree, source);
            for (String l : describe(contents.get(loneSubtree))) {
                line(out, "  %s", l);
            }
        } else {
            line(out, "not a KHO root (compatible %s) nor a known subtree", KhoAbi.ROOT_COMPATIBLE);
        }
        return out.toString();
    }

    private static List<String> describe(SubtreeContent content) {
        List<String> lines = new ArrayList<>();
        if (content instanceof SubtreeContent.KexecMetadata m) {
            lines.add(String.format("kexec-metadata v%d: previous kernel %s, kexec count %d", m.version(),
                    m.previousRelease(), m.kexecCount()));
        } else if (content instanceof SubtreeContent.Memblock m) {
            lines.add(KhoAbi.MEMBLOCK_COMPATIBLE + ": " + m.regions().size() + " reserve_mem region"
                    + (m.regions().size() == 1 ? "" : "s"));
            for (SubtreeContent.ReserveMem r : m.regions()) {
                lines.add(String.format("  %s: 0x%x-0x%x (0x%x bytes)", r.name(), r.start(), r.start() + r.size() - 1,
                        r.size()));
            }
        } else if (content instanceof SubtreeContent.Luo l) {
            lines.add(String.format("%s: live update number %d, sessions at 0x%x%s, FLBs at 0x%x", l.compatible(),
                    l.liveupdateNum(), l.sessionsPa(), l.sessionsPa() == 0 ? " (none: filled in at kexec reboot)" : "",
                    l.flbsPa()));
        } else if (content instanceof SubtreeContent.NotDecoded n) {
            lines.add("not decoded: " + n.reason());
        }
        return lines;
    }

    String json() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", source);
        boolean subtreesOnly = fdt == null && root == null && loneSubtree == null && blobsLookedFor;
        out.put("kind", root != null ? "root" : loneSubtree != null ? "subtree" : subtreesOnly ? "subtrees" : "fdt");
        if (!faults.isEmpty()) {
            out.put("faults", faults);
        }
        if (subtreesOnly) {
            List<Object> subtrees = new ArrayList<>();
            for (Map.Entry<String, Integer> f : filesOnly.entrySet()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", f.getKey());
                entry.put("blob_size", f.getValue());
                entry.put("content", content(contents.get(f.getKey())));
                subtrees.add(entry);
            }
            out.put("subtrees", subtrees);
        }
        if (fdt != null) {
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
            out.put("fdt", f);
        }
        if (root != null) {
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("compatible", KhoAbi.ROOT_COMPATIBLE);
            k.put("preserved_memory_map", hex(root.preservedMemoryMap()));
            if (preserved != null) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("memory", preserved.core());
                p.put("blocks", preserved.blocks());
                p.put("bytes", preserved.bytes());
                List<Object> ranges = new ArrayList<>();
                preserved.ranges().forEach(r -> ranges.add(Map.of("start", hex(r.start()), "size", hex(r.size()))));
                p.put("ranges", ranges);
                k.put("preserved_memory", p);
            }
            List<Object> subtrees = new ArrayList<>();
            for (KhoSubtree s : root.subtrees()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", s.name());
                entry.put("preserved_data", hex(s.preservedData()));
                entry.put("blob_size", s.blobSize());
                entry.put("content", contents.containsKey(s.name()) ? content(contents.get(s.name())) : null);
                subtrees.add(entry);
            }
            k.put("subtrees", subtrees);
            out.put("kho", k);
        } else if (loneSubtree != null) {
            out.put("subtree", loneSubtree);
            out.put("content", content(contents.get(loneSubtree)));
        }
        return Json.write(out);
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
                entry.put("value", c.values().stream().map(KhoShowReport::hex).toList());
            } else if (value instanceof PropertyValue.U64Le u) {
                entry.put("type", "u64le");
                entry.put("value", hex(u.value()));
            } else if (value instanceof PropertyValue.Bytes b) {
                entry.put("type", "bytes");
                entry.put("value", java.util.HexFormat.of().formatHex(b.values()));
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

    private static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(format, args)).append('\n');
    }
}
