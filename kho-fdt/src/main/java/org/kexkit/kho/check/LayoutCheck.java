package org.kexkit.kho.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kexkit.bin.FormatException;
import org.kexkit.btf.Btf;
import org.kexkit.btf.StructLayout;
import org.kexkit.kho.KhoAbi;

/**
 * Compares, between the running and the next kernel's BTF, the structs behind each layer the
 * next kernel accepts ({@link KhoAbi#LAYOUT_STRUCTS}): a layout that changed under an unchanged
 * version string is an ABI break the version check cannot see; the next kernel would take the
 * data and misread it, so the layer that carries the struct is refused.
 */
public final class LayoutCheck {
    /** The changed layouts, and how many structs both kernels describe. */
    public record Result(List<Mismatch> mismatches, int compared) {
        public Result {
            mismatches = List.copyOf(mismatches);
        }

        /** {@code result} with each layer that carries a changed struct refused. */
        public KhoCheckResult applyTo(KhoCheckResult result) {
            for (Mismatch m : mismatches) {
                result = result.refusing(m.layer(), m.reason());
            }
            return result;
        }
    }

    /**
     * One struct whose layout changed.
     *
     * @param layer  the layer that carries it: "root" or a subtree's name (memfd's records travel in LUO's)
     * @param reason "struct memfd_luo_ser changed layout (...) under the same memfd-v2: ..."
     */
    public record Mismatch(String layer, String reason) {
    }

    private LayoutCheck() {
    }

    public static Result compare(Btf running, Btf next, KhoCheckResult result, NextKernelStrings strings)
            throws FormatException {
        List<Mismatch> mismatches = new ArrayList<>();
        int compared = 0;
        for (Map.Entry<String, List<String>> guard : KhoAbi.LAYOUT_STRUCTS.entrySet()) {
            Optional<String> version = acceptedVersion(guard.getKey(), result, strings);
            if (version.isEmpty()) {
                continue;
            }
            for (String name : guard.getValue()) {
                Optional<StructLayout> a = running.struct(name);
                Optional<StructLayout> b = next.struct(name);
                if (a.isEmpty() || b.isEmpty()) {
                    continue;
                }
                compared++;
                String difference = a.get().difference(b.get());
                if (!difference.isEmpty()) {
                    mismatches.add(new Mismatch(layer(guard.getKey()), "struct " + name + " changed layout (" + difference
                            + ") under the same " + version.get() + ": the next kernel would misread the handed-over data"));
                }
            }
        }
        return new Result(mismatches, compared);
    }

    /** The layer a guard's structs travel in. */
    private static String layer(String guard) {
        return switch (guard) {
            case "kho" -> "root";
            case "luo", "memfd" -> KhoAbi.LUO;
            default -> guard;
        };
    }

    /** The version string both kernels share for a guard, if the next kernel takes that layer. */
    private static Optional<String> acceptedVersion(String guard, KhoCheckResult result, NextKernelStrings strings) {
        if (guard.equals("kho")) {
            return accepted(result.root()) ? Optional.of(result.root().versions()) : Optional.empty();
        }
        if (guard.equals(KhoAbi.KEXEC_METADATA)) {
            return subtree(result, KhoAbi.KEXEC_METADATA).map(v -> "kexec-metadata version "
                    + KhoAbi.KEXEC_METADATA_VERSION);
        }
        if (guard.equals("luo")) {
            return subtree(result, KhoAbi.LUO).map(LayerVerdict::versions);
        }
        // memfd's version is inside LUO's sessions, unseen before the reboot: the next kernel's, if it is ours
        if (guard.equals("memfd") && subtree(result, KhoAbi.LUO).isPresent()
                && strings.versions().contains(KhoAbi.MEMFD_COMPATIBLE)) {
            return Optional.of(KhoAbi.MEMFD_COMPATIBLE);
        }
        return Optional.empty();
    }

    private static Optional<LayerVerdict> subtree(KhoCheckResult result, String name) {
        return result.subtrees().stream().filter(v -> v.name().equals(name) && accepted(v)).findFirst();
    }

    private static boolean accepted(LayerVerdict v) {
        return v.verdict() == Verdict.ACCEPT;
    }
}
