package org.kexkit.kho.check;

import java.util.List;
import java.util.stream.Stream;

/** The pre-flight check: the root's verdict, one per subtree, and warnings that do not refuse. */
public record KhoCheckResult(LayerVerdict root, List<LayerVerdict> subtrees, List<String> warnings) {
    public KhoCheckResult {
        subtrees = List.copyOf(subtrees);
        warnings = List.copyOf(warnings);
    }

    /** Everything is taken: exit 0. */
    public boolean accepted() {
        return all().allMatch(v -> v.verdict() == Verdict.ACCEPT);
    }

    /** The layers that are not accepted, the root first. */
    public List<LayerVerdict> problems() {
        return all().filter(v -> v.verdict() != Verdict.ACCEPT).toList();
    }

    public KhoCheckResult withWarnings(List<String> more) {
        return new KhoCheckResult(root, subtrees, Stream.concat(warnings.stream(), more.stream()).toList());
    }

    private Stream<LayerVerdict> all() {
        return Stream.concat(Stream.of(root), subtrees.stream());
    }
}
