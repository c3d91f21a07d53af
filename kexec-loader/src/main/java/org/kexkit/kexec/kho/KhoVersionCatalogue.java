package org.kexkit.kexec.kho;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.kexkit.bin.FormatException;
import org.kexkit.kho.KhoAbi;
import org.kexkit.kho.check.KernelHandover;
import org.kexkit.kho.check.KhoCheckResult;
import org.kexkit.kho.check.KhoCompatibilityCheck;
import org.kexkit.kho.check.OutgoingHandover;

/**
 * The KHO, LUO and subsystem ABI strings of several kernel images, found as the pre-flight check
 * finds them ({@link NextKernel}), and for each ordered pair what the second kernel would take of
 * what the first hands over, layer by layer ({@link KernelHandover}, {@link KhoCompatibilityCheck}).
 */
public record KhoVersionCatalogue(List<NextKernel> kernels, List<Pair> pairs) {
    public KhoVersionCatalogue {
        kernels = List.copyOf(kernels);
        pairs = List.copyOf(pairs);
    }

    /**
     * A handover from kernel {@code from} to kernel {@code to} (indices into {@link #kernels}); the
     * verdicts are empty when {@code from} has no KHO.
     */
    public record Pair(int from, int to, Optional<KhoCheckResult> result) {
        /** Every layer is taken. */
        public boolean works() {
            return result.map(KhoCheckResult::accepted).orElse(false);
        }

        /** One phrase: "works", what would be dropped, or that nothing is handed over. */
        public String summary() {
            if (result.isEmpty()) {
                return "nothing to hand over: the first kernel has no KHO (no kho-vN string)";
            }
            return result.get().accepted() ? "works" : result.get().lossSummary();
        }
    }

    /** Unpacks every image (in the order given) and judges every ordered pair, a kernel to itself included. */
    public static KhoVersionCatalogue build(List<Path> images) throws IOException, FormatException {
        List<NextKernel> kernels = new ArrayList<>();
        for (Path image : images) {
            kernels.add(NextKernel.unpack(image, Set.of(KhoAbi.KEXEC_METADATA)));
        }
        List<Pair> pairs = new ArrayList<>();
        for (int from = 0; from < kernels.size(); from++) {
            Optional<OutgoingHandover> out = KernelHandover.of(kernels.get(from).strings(), kernels.get(from).path());
            for (int to = 0; to < kernels.size(); to++) {
                NextKernel next = kernels.get(to);
                pairs.add(new Pair(from, to, out.map(o -> KhoCompatibilityCheck.check(o, next.strings()))));
            }
        }
        return new KhoVersionCatalogue(kernels, pairs);
    }
}
