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

    /**
     * What a refused load would lose, in one phrase: "it would drop the KHO subtree memblock (the
     * next kernel lacks memblock-v1 ...)", "may" when every problem is only unknown.
     */
    public String lossSummary() {
        List<LayerVerdict> problems = problems();
        if (problems.isEmpty()) {
            return "it drops nothing";
        }
        LayerVerdict first = problems.get(0);
        List<String> dropped = problems.stream().map(LayerVerdict::name).filter(n -> !n.equals("root")).toList();
        String what = dropped.size() == 1 ? "the KHO subtree " + dropped.get(0)
                : "the KHO subtrees " + String.join(", ", dropped);
        String reason = first.name().equals("root") ? "root " + first.versions() + ": " + first.reason()
                : first.reason();
        boolean maybe = problems.stream().allMatch(p -> p.verdict() == Verdict.UNKNOWN);
        return "it " + (maybe ? "may" : "would") + " drop " + what + " (" + reason + ")";
    }

    /**
     * This result with {@code layer} ("root" or a subtree's name) refused for {@code reason}; a layer
     * already refused keeps its first reason, an absent one changes nothing.
     */
    public KhoCheckResult refusing(String layer, String reason) {
        java.util.function.UnaryOperator<LayerVerdict> refuse = v -> v.name().equals(layer) && v.verdict() != Verdict.REFUSE
                ? new LayerVerdict(v.name(), v.versions(), Verdict.REFUSE, reason) : v;
        return new KhoCheckResult(refuse.apply(root), subtrees.stream().map(refuse).toList(), warnings);
    }

    public KhoCheckResult withWarnings(List<String> more) {
        return new KhoCheckResult(root, subtrees, Stream.concat(warnings.stream(), more.stream()).toList());
    }

    private Stream<LayerVerdict> all() {
        return Stream.concat(Stream.of(root), subtrees.stream());
    }
}
