package org.kexkit.kexec.kho;

import java.io.IOException;
import java.nio.file.Path;
import org.kexkit.bin.FormatException;
import org.kexkit.kho.KhoException;

/**
 * The policy every front end applies before a load while Kexec HandOver is on: refuse a next
 * kernel that drops handed-over data. Only kexec_file_load of a normal kernel carries KHO
 * (kernel/kexec_file.c calls kho_fill_kimage(); kexec.c does not, and crash images get nothing),
 * and a kernel takes data only under the exact versions it was built with. The front end decides
 * whether its user may override a refusal, and how to say so.
 */
public final class KhoLoadPolicy {
    private KhoLoadPolicy() {
    }

    /** kexec_file_load of {@code kernel} on the system under {@code root}. */
    public static KhoLoadVerdict fileLoad(Path root, Path kernel, boolean crash) {
        if (crash || !KhoPreflight.active(root)) {
            return new KhoLoadVerdict.NotApplicable();
        }
        KhoPreflight.Outcome outcome;
        try {
            outcome = KhoPreflight.run(root, kernel);
        } catch (IOException | FormatException | KhoException e) {
            return new KhoLoadVerdict.Unchecked(e);
        }
        return outcome.result().accepted() ? new KhoLoadVerdict.Takes(outcome) : new KhoLoadVerdict.Drops(outcome);
    }

    /** kexec_load (kexkit builds the image) on the system under {@code root}: it hands nothing over. */
    public static KhoLoadVerdict kexecLoad(Path root, boolean crash) {
        if (crash || !KhoPreflight.active(root)) {
            return new KhoLoadVerdict.NotApplicable();
        }
        return new KhoLoadVerdict.NothingHandedOver();
    }

    /**
     * kexec_load of {@code kernel} with a KHO handover of {@code carry} (kexkit writes the
     * segments): the same check as for kexec_file_load, on the root and the subtrees that go over;
     * those that cannot go over are the caller's warnings, not a refusal.
     */
    public static KhoLoadVerdict kexecLoadHandover(Path root, Path kernel, KhoCarryOver carry) {
        KhoPreflight.Outcome outcome;
        try {
            outcome = KhoPreflight.run(root, kernel);
        } catch (IOException | FormatException | KhoException e) {
            return new KhoLoadVerdict.Unchecked(e);
        }
        java.util.Set<String> carried = new java.util.HashSet<>();
        carry.blobs().forEach(b -> carried.add(b.name()));
        org.kexkit.kho.check.KhoCheckResult all = outcome.result();
        org.kexkit.kho.check.KhoCheckResult result = new org.kexkit.kho.check.KhoCheckResult(all.root(),
                all.subtrees().stream().filter(v -> carried.contains(v.name())).toList(), all.warnings());
        KhoPreflight.Outcome checked = new KhoPreflight.Outcome(outcome.handover(), outcome.next(), result, outcome.btf(),
                outcome.millis());
        return result.accepted() ? new KhoLoadVerdict.Takes(checked) : new KhoLoadVerdict.Drops(checked);
    }
}
