package org.kexkit.kho.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.kexkit.kho.KhoAbi;

/**
 * Decides, for each layer the running kernel hands over, whether the next kernel takes it: a
 * consumer takes data only under the exact version string it was built with (kho_populate()
 * checks the root's compatible; memblock, LUO and memfd theirs), so the next kernel must hold
 * each string. Without the root version nothing at all is revived.
 */
public final class KhoCompatibilityCheck {
    private KhoCompatibilityCheck() {
    }

    public static KhoCheckResult check(OutgoingHandover out, NextKernelStrings next) {
        LayerVerdict root = root(out.rootVersion(), next);
        List<LayerVerdict> subtrees = new ArrayList<>();
        List<String> warnings = new ArrayList<>(out.warnings());
        for (Requirement r : out.subtrees()) {
            String versions = String.join(", ", r.versions());
            if (root.verdict() == Verdict.REFUSE) {
                subtrees.add(new LayerVerdict(r.subtree(), versions, Verdict.REFUSE, "dropped with the root"
                        + loss(r.subtree())));
                continue;
            }
            subtrees.add(subtree(r, versions, next));
            for (String optional : r.optional()) {
                if (!next.versions().contains(optional)) {
                    warnings.add(r.subtree() + ": the next kernel lacks " + optional + found(next, family(optional))
                            + ": files of that type in its sessions would not be restored");
                }
            }
        }
        return new KhoCheckResult(root, subtrees, warnings);
    }

    private static LayerVerdict root(String version, NextKernelStrings next) {
        Set<String> roots = next.family("kho");
        if (roots.contains(version)) {
            return new LayerVerdict("root", version, Verdict.ACCEPT, "");
        }
        if (roots.isEmpty()) {
            return new LayerVerdict("root", version, Verdict.REFUSE, "the next kernel has no KHO (no kho-vN string):"
                    + " it would drop every subtree");
        }
        return new LayerVerdict("root", version, Verdict.REFUSE, "the next kernel speaks " + String.join(", ", roots)
                + ", not " + version + ": it would turn KHO revival off and drop every subtree");
    }

    private static LayerVerdict subtree(Requirement r, String versions, NextKernelStrings next) {
        for (String v : r.versions()) {
            if (!next.versions().contains(v)) {
                return new LayerVerdict(r.subtree(), versions, Verdict.REFUSE, "the next kernel lacks " + v
                        + found(next, family(v)) + loss(r.subtree()));
            }
        }
        boolean known = KhoAbi.KNOWN_SUBTREES.contains(r.subtree());
        for (String name : r.names()) {
            if (!next.names().contains(name)) {
                return known ? new LayerVerdict(r.subtree(), versions, Verdict.REFUSE, "the next kernel does not read"
                        + " a " + name + " subtree" + loss(r.subtree()))
                        : new LayerVerdict(r.subtree(), versions, Verdict.UNKNOWN, "a subtree kexkit does not know,"
                                + " and the next kernel has no \"" + name + "\" string: it is most likely dropped");
            }
        }
        if (!known) {
            return new LayerVerdict(r.subtree(), versions, Verdict.UNKNOWN, "a subtree kexkit does not know; the next"
                    + " kernel holds its name, so it may read it");
        }
        return new LayerVerdict(r.subtree(), versions, Verdict.ACCEPT, "");
    }

    /** " (the reserve_mem regions would be lost)" for a stock subtree. */
    private static String loss(String subtree) {
        String what = KhoAbi.SUBTREE_CONTENT.get(subtree);
        return what == null ? "" : " (" + what + " would be lost)";
    }

    private static String found(NextKernelStrings next, String family) {
        if (family == null) {
            return "";
        }
        Set<String> other = next.family(family);
        return other.isEmpty() ? "" : " (it has " + String.join(", ", other) + ")";
    }

    /** "memblock-v1" gives "memblock", or null for a string outside the families. */
    private static String family(String version) {
        int at = version.lastIndexOf("-v");
        if (at <= 0) {
            return null;
        }
        String f = version.substring(0, at);
        return KhoAbi.VERSION_FAMILIES.contains(f) ? f : null;
    }
}
