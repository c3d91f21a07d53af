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
import org.kexkit.kho.KhoAbi;
import org.kexkit.kho.KhoException;
import org.kexkit.kho.KhoRoot;
import org.kexkit.kho.KhoRootReader;
import org.kexkit.kho.KhoSubtree;
import org.kexkit.kho.SubtreeContent;
import org.kexkit.kho.SubtreeDecoder;
import org.kexkit.kho.fdt.FdtBlob;
import org.kexkit.kho.fdt.FdtReader;
import org.kexkit.kho.system.KhoDebugfsDir;
import org.kexkit.kho.system.KhoDebugfsReader;

/** Decides what a file given to `kexkit kho show` is, and decodes it into a {@link KhoView}. */
final class KhoViewReader {
    private KhoViewReader() {
    }

    /**
     * A root FDT or subtree blob in a file; a root's blobs are read from {@code subFdts} (the
     * debugfs layout beside it) when that directory exists.
     *
     * @param subtree the subtree the file is, when the user says so (--subtree), else null
     */
    static KhoView file(String source, byte[] bytes, String subtree, Path subFdts)
            throws FormatException, KhoException, IOException {
        Map<String, byte[]> blobs = subFdts != null && Files.isDirectory(subFdts)
                ? KhoDebugfsReader.subtreeFiles(subFdts) : null;
        return bytes(source, bytes, subtree, subFdts == null ? null : subFdts.toString(), blobs, List.of());
    }

    /**
     * kho/in or kho/out of debugfs: the root FDT with its sub_fdts/ when the FDT is readable, else
     * (7.2.13's cut or missing out/fdt) what the subtree files alone tell, after the fault lines.
     */
    static KhoView debugfs(KhoDebugfsDir dir, List<String> faults) throws FormatException, KhoException {
        Optional<byte[]> fdt = dir.fdt();
        if (fdt.isPresent() && !FdtReader.isTruncated(fdt.get())) {
            return bytes(dir.fdtPath(), fdt.get(), null, dir.path() + "/sub_fdts", dir.subtrees(), faults);
        }
        List<KhoView.SubtreeFile> files = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : dir.subtrees().entrySet()) {
            files.add(new KhoView.SubtreeFile(e.getKey(), e.getValue().length, SubtreeDecoder.decodeQuietly(e.getKey(),
                    e.getValue(), dir.subtreePath(e.getKey()))));
        }
        return new KhoView.SubtreesOnly(dir.path() + "/sub_fdts", files, faults);
    }

    private static KhoView bytes(String source, byte[] bytes, String subtree, String subFdtsPath,
            Map<String, byte[]> subFdts, List<String> faults) throws FormatException, KhoException {
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
                return new KhoView.Root(source, blob, root, lookedFor ? blobs(root, subFdtsPath, subFdts) : Map.of(),
                        lookedFor, faults, Optional.empty());
            }
            String compatible = blob.tree().root().string("compatible").orElse("");
            if (compatible.startsWith("luo-v")) {
                subtree = KhoAbi.LUO;
            } else if (compatible.startsWith("memblock-")) {
                subtree = KhoAbi.MEMBLOCK;
            } else {
                return new KhoView.PlainFdt(source, blob, faults);
            }
        }
        String name = subtree != null ? subtree : SubtreeDecoder.guessName(bytes);
        if (name == null) {
            throw new CommandFailure(source + ": not an FDT and not a subtree blob kexkit recognises"
                    + " (give --subtree kexec-metadata|memblock|LUO)");
        }
        Optional<FdtBlob> blob = FdtReader.hasMagic(bytes) ? Optional.of(FdtReader.read(bytes, source))
                : Optional.empty();
        SubtreeContent content;
        try {
            content = SubtreeDecoder.decode(name, bytes, source);
        } catch (KhoException e) {
            throw new CommandFailure(source + ": " + e.getMessage());
        }
        if (content instanceof SubtreeContent.NotDecoded n) {
            throw new CommandFailure(source + ": " + n.reason());
        }
        return new KhoView.Subtree(source, blob, name, content, faults);
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
            if (s.blobSize().isPresent() && bytes.length != s.blobSize().getAsLong()) {
                out.put(s.name(), new SubtreeContent.NotDecoded(file + " is " + bytes.length
                        + " bytes, blob-size says " + s.blobSize().getAsLong()));
                continue;
            }
            out.put(s.name(), SubtreeDecoder.decodeQuietly(s.name(), bytes, file));
        }
        return out;
    }
}
