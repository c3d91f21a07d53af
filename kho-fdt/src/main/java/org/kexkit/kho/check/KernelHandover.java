package org.kexkit.kho.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.kexkit.kho.KhoAbi;

/**
 * What a kernel would hand over, judged from the ABI strings its image holds rather than from a
 * running system: its root version, memblock (memblock-vN and reserve-mem-vN) when it writes
 * them, LUO (luo-vN, with its memfd-vN as optional) and kexec-metadata when it names that subtree.
 * {@link KhoCompatibilityCheck} then tells what another kernel takes of it.
 */
public final class KernelHandover {
    private KernelHandover() {
    }

    /** Empty when the kernel holds no kho-vN: it has no KHO and hands nothing over. */
    public static Optional<OutgoingHandover> of(NextKernelStrings kernel, String source) {
        Optional<String> root = newest(kernel.family("kho"));
        if (root.isEmpty()) {
            return Optional.empty();
        }
        List<Requirement> subtrees = new ArrayList<>();
        List<String> memblock = new ArrayList<>();
        newest(kernel.family("memblock")).ifPresent(memblock::add);
        newest(kernel.family("reserve-mem")).ifPresent(memblock::add);
        if (!memblock.isEmpty()) {
            subtrees.add(new Requirement(KhoAbi.MEMBLOCK, memblock, List.of(), List.of(), source));
        }
        newest(kernel.family("luo")).ifPresent(luo -> subtrees.add(new Requirement(KhoAbi.LUO, List.of(luo),
                List.of(), newest(kernel.family("memfd")).map(List::of).orElse(List.of()), source)));
        if (kernel.names().contains(KhoAbi.KEXEC_METADATA)) {
            subtrees.add(new Requirement(KhoAbi.KEXEC_METADATA, List.of(), List.of(KhoAbi.KEXEC_METADATA), List.of(),
                    source));
        }
        return Optional.of(new OutgoingHandover(root.get(), source, subtrees, List.of()));
    }

    /** The highest-numbered version of a family: the one a kernel writes, should it hold several. */
    static Optional<String> newest(Set<String> family) {
        return family.stream().max((a, b) -> Integer.compare(number(a), number(b)));
    }

    private static int number(String version) {
        try {
            return Integer.parseInt(version.substring(version.lastIndexOf("-v") + 2));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
