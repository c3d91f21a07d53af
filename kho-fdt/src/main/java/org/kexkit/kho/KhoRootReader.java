package org.kexkit.kho;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.kexkit.kho.fdt.Fdt;
import org.kexkit.kho.fdt.FdtNode;
import org.kexkit.kho.fdt.FdtProperty;

/**
 * Reads the root KHO FDT as kho_populate() and kho_retrieve_subtree() do (kexec_handover.c), in
 * each {@link KhoGeneration}'s layout; another compatible is refused in one line naming it.
 */
public final class KhoRootReader {
    private KhoRootReader() {
    }

    /** Whether this tree claims to be a KHO root at all (any kho-vN), known version or not. */
    public static boolean looksLikeRoot(Fdt fdt) {
        return fdt.root().string("compatible").map(c -> c.startsWith("kho-v")).orElse(false);
    }

    public static KhoRoot read(Fdt fdt) throws KhoException {
        FdtNode root = fdt.root();
        String compatible = root.string("compatible").orElse(null);
        if (compatible == null) {
            throw new KhoException("root: no compatible string: not a KHO FDT");
        }
        KhoGeneration generation = KhoGeneration.of(compatible).orElseThrow(() -> new KhoException(
                KhoAbi.notKnown("root", "compatible", compatible, KhoGeneration.known())));
        long map = u64(root, KhoAbi.PRESERVED_MEMORY_MAP, "root");
        if (map == 0 && generation.memoryMap() == KhoGeneration.MemoryMap.RADIX_TREE) {
            // kho_get_mem_map_phys() refuses 0; a kho-v1 kernel with nothing preserved writes 0 (no chunk)
            throw new KhoException("root: preserved-memory-map is 0");
        }
        List<KhoSubtree> subtrees = new ArrayList<>();
        for (FdtNode child : root.children()) {
            String where = "subtree " + child.name();
            long data = u64(child, generation.dataProperty(), where);
            subtrees.add(generation.blobSizes() ? new KhoSubtree(child.name(), data, u64(child, KhoAbi.BLOB_SIZE, where))
                    : new KhoSubtree(child.name(), data, OptionalLong.empty()));
        }
        return new KhoRoot(generation, map, subtrees);
    }

    /** A raw u64 property; the kernel reads these with get_unaligned() and insists on 8 bytes. */
    static long u64(FdtNode node, String name, String where) throws KhoException {
        Optional<FdtProperty> p = node.property(name);
        if (p.isEmpty()) {
            throw new KhoException(where + ": no " + name + " property");
        }
        Long value = p.get().asRawU64Le();
        if (value == null) {
            throw new KhoException(where + ": " + name + " is " + p.get().length()
                    + " bytes, expected a raw u64 (8 bytes)");
        }
        return value;
    }
}
