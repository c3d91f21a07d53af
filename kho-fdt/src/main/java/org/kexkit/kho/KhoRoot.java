package org.kexkit.kho;

import java.util.List;
import java.util.Optional;

/**
 * The root KHO FDT: its ABI generation, where its preserved-memory map starts (a radix tree's root
 * page, or for kho-v1 the first chunk of the chunk list) and the handed-over blobs, in file order.
 */
public record KhoRoot(KhoGeneration generation, long preservedMemoryMap, List<KhoSubtree> subtrees) {
    public KhoRoot {
        subtrees = List.copyOf(subtrees);
    }

    public Optional<KhoSubtree> subtree(String name) {
        return subtrees.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
