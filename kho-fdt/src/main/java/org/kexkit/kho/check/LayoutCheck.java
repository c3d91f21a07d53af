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
 * version string is an ABI break the version check cannot see, so it is a warning.
 */
public final class LayoutCheck {
    /** The warnings, and how many structs both kernels describe. */
    public record Result(List<String> warnings, int compared) {
        public Result {
            warnings = List.copyOf(warnings);
        }
    }

    private LayoutCheck() {
    }

    public static Result compare(Btf running, Btf next, KhoCheckResult result, NextKernelStrings strings)
            throws FormatException {
        List<String> warnings = new ArrayList<>();
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
                    warnings.add("struct " + name + " changed layout (" + difference + ") but both kernels say "
                            + version.get() + ": the next kernel may misread the handed-over data");
                }
            }
        }
        return new Result(warnings, compared);
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
