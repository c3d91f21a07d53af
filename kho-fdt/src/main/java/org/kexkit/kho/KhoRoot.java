package org.kexkit.kho;

import java.util.List;
import java.util.Optional;

/** The root KHO FDT: the radix tree's root page and the handed-over blobs, in file order. */
public record KhoRoot(long preservedMemoryMap, List<KhoSubtree> subtrees) {
    public KhoRoot {
        subtrees = List.copyOf(subtrees);
    }

    public Optional<KhoSubtree> subtree(String name) {
        return subtrees.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
