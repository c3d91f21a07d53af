package org.kexkit.kho.check;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.kexkit.bin.FormatException;
import org.kexkit.kho.KhoAbi;
import org.kexkit.kho.fdt.FdtNode;
import org.kexkit.kho.fdt.FdtReader;

/**
 * The version strings a subtree blob carries, read from the blob itself so that a version
 * kexkit does not know is still compared: every compatible of an FDT blob (memblock-v1 and its
 * nodes' reserve-mem-v1), struct luo_ser's compatible[8], and for kexec-metadata, whose version
 * is a u32, the subtree name the next kernel must look up.
 */
final class BlobVersions {
    private BlobVersions() {
    }

    static Requirement requirement(String name, byte[] blob, String source) {
        if (FdtReader.hasMagic(blob)) {
            try {
                Set<String> versions = new LinkedHashSet<>();
                compatibles(FdtReader.read(blob, source).tree().root(), versions);
                return new Requirement(name, List.copyOf(versions), unknown(name) ? List.of(name) : List.of(),
                        List.of(), source);
            } catch (FormatException e) {
                return known(name, "assumed: " + e.getMessage());
            }
        }
        if (name.equals(KhoAbi.LUO) || (blob.length >= 8 && startsWithLuo(blob))) {
            int end = 0;
            while (end < Math.min(blob.length, KhoAbi.LUO_COMPATIBLE_LENGTH) && blob[end] >= 0x20 && blob[end] < 0x7f) {
                end++;
            }
            if (end > 0 && end < blob.length && blob[end] == 0) {
                return new Requirement(name, List.of(new String(blob, 0, end, StandardCharsets.US_ASCII)), List.of(),
                        List.of(KhoAbi.MEMFD_COMPATIBLE), source);
            }
            return known(name, "assumed: " + source + " holds no compatible string");
        }
        // kexec-metadata (a u32 version) and blobs of unknown subtrees: the name the consumer looks up
        return new Requirement(name, List.of(), List.of(name), List.of(), source);
    }

    /** The versions kexkit knows for a stock subtree, when its blob cannot be read. */
    static Requirement known(String name, String source) {
        return switch (name) {
            case KhoAbi.MEMBLOCK -> new Requirement(name, List.of(KhoAbi.MEMBLOCK_COMPATIBLE,
                    KhoAbi.RESERVE_MEM_COMPATIBLE), List.of(), List.of(), source);
            case KhoAbi.LUO -> new Requirement(name, List.of(KhoAbi.LUO_COMPATIBLE), List.of(),
                    List.of(KhoAbi.MEMFD_COMPATIBLE), source);
            default -> new Requirement(name, List.of(), List.of(name), List.of(), source);
        };
    }

    private static boolean unknown(String name) {
        return !KhoAbi.KNOWN_SUBTREES.contains(name);
    }

    private static boolean startsWithLuo(byte[] blob) {
        return new String(blob, 0, 5, StandardCharsets.ISO_8859_1).equals("luo-v");
    }

    private static void compatibles(FdtNode node, Set<String> out) {
        node.string("compatible").ifPresent(out::add);
        for (FdtNode child : node.children()) {
            compatibles(child, out);
        }
    }
}
