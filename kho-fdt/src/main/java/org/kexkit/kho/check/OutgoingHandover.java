package org.kexkit.kho.check;

import java.util.List;

/**
 * What the running kernel will hand over at the next kexec: its root version and one
 * {@link Requirement} per subtree.
 *
 * @param rootSource where the root version was read, or why it was inferred
 * @param warnings what made the reading doubtful (a complete out/fdt that cannot be read)
 */
public record OutgoingHandover(String rootVersion, String rootSource, List<Requirement> subtrees,
        List<String> warnings) {
    public OutgoingHandover {
        subtrees = List.copyOf(subtrees);
        warnings = List.copyOf(warnings);
    }
}
