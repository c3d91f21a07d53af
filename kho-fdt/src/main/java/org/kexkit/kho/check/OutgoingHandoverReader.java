package org.kexkit.kho.check;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.kexkit.bin.FormatException;
import org.kexkit.kho.KhoAbi;
import org.kexkit.kho.KhoException;
import org.kexkit.kho.KhoRoot;
import org.kexkit.kho.KhoRootReader;
import org.kexkit.kho.KhoSubtree;
import org.kexkit.kho.fdt.Fdt;
import org.kexkit.kho.fdt.FdtReader;
import org.kexkit.kho.system.KhoDebugfs;
import org.kexkit.kho.system.KhoDebugfsDir;

/**
 * Reads what the running kernel hands over from debugfs kho/out, working around 7.2.13's
 * faults: the subtree list comes from out/sub_fdts/ (complete in every kernel) and the FDT's
 * children when it is readable; the root version from out/fdt, else from in/fdt (a kernel
 * accepts only its own root version, so a KHO-booted kernel speaks what it received), else from
 * the first property of a cut out/fdt (kho_out_fdt_setup() writes compatible first).
 */
public final class OutgoingHandoverReader {
    private OutgoingHandoverReader() {
    }

    public static OutgoingHandover read(KhoDebugfs kho) throws KhoException {
        KhoDebugfsDir out = kho.out().orElseThrow(() -> new KhoException(kho.path() + "/out: missing"));
        Set<String> names = new LinkedHashSet<>();
        List<String> warnings = new ArrayList<>();
        String rootVersion;
        String rootSource;
        OutFdt fdt = outFdt(out);
        Optional<String> inVersion = kho.in().flatMap(KhoDebugfsDir::fdt).flatMap(OutgoingHandoverReader::compatible);
        if (fdt.root().isPresent()) {
            rootVersion = fdt.root().get().generation().compatible();
            rootSource = out.fdtPath();
            fdt.root().get().subtrees().stream().map(KhoSubtree::name).forEach(names::add);
        } else if (inVersion.isPresent()) {
            rootVersion = inVersion.get();
            rootSource = kho.in().get().fdtPath() + " (this kernel took it, so it speaks the same root version)"
                    + fdt.problem().map(p -> "; " + p).orElse("");
        } else if (fdt.cut() && firstStringOfCut(out.fdt().get()).isPresent()) {
            rootVersion = firstStringOfCut(out.fdt().get()).get();
            rootSource = out.fdtPath() + " (its first property; the file is cut)";
        } else {
            rootVersion = KhoAbi.ROOT_COMPATIBLE;
            rootSource = fdt.problem().map(p -> "assumed from 7.2's debugfs layout; " + p)
                    .orElse("assumed: " + out.fdtPath() + " is not readable and 7.2's debugfs layout is kho-v4's");
        }
        // a complete but unreadable out/fdt is not one of 7.2.13's known faults: a safety check must say so
        fdt.problem().ifPresent(p -> warnings.add("the outgoing root FDT cannot be read: " + p + "; the root version "
                + rootVersion + (inVersion.isPresent() ? " is taken from " + kho.in().get().fdtPath() : " is assumed")));
        names.addAll(out.subtrees().keySet());
        List<Requirement> requirements = new ArrayList<>();
        for (String name : names) {
            byte[] blob = out.subtrees().get(name);
            requirements.add(blob == null ? assumed(name, out) : BlobVersions.requirement(name, blob,
                    out.subtreePath(name)));
        }
        return new OutgoingHandover(rootVersion, rootSource, requirements, warnings);
    }

    /**
     * What out/fdt gave: the KHO root, or nothing because it is missing or cut (7.2.13's known
     * faults), or nothing because it is complete and still cannot be read ({@code problem}).
     */
    private record OutFdt(Optional<KhoRoot> root, boolean cut, Optional<String> problem) {
    }

    private static OutFdt outFdt(KhoDebugfsDir out) {
        if (out.fdt().isEmpty()) {
            return new OutFdt(Optional.empty(), false, Optional.empty());
        }
        if (FdtReader.isTruncated(out.fdt().get())) {
            return new OutFdt(Optional.empty(), true, Optional.empty());
        }
        try {
            return new OutFdt(Optional.of(KhoRootReader.read(FdtReader.read(out.fdt().get(), out.fdtPath()).tree())),
                    false, Optional.empty());
        } catch (FormatException e) {
            return new OutFdt(Optional.empty(), false, Optional.of(e.getMessage()));
        } catch (KhoException e) {
            return new OutFdt(Optional.empty(), false, Optional.of(out.fdtPath() + ": " + e.getMessage()));
        }
    }

    /** A subtree in the FDT without a debugfs file: the versions kexkit knows for it. */
    private static Requirement assumed(String name, KhoDebugfsDir out) {
        return BlobVersions.known(name, "assumed: no " + out.subtreePath(name));
    }

    private static Optional<String> compatible(byte[] fdt) {
        try {
            Fdt tree = FdtReader.read(fdt, "fdt").tree();
            return tree.root().string("compatible");
        } catch (FormatException e) {
            return Optional.empty();
        }
    }

    /**
     * The value of the first property of a cut FDT: its structure block starts with the root's
     * FDT_BEGIN_NODE and empty name, then FDT_PROP, len, nameoff and the value (the strings block,
     * which names the property, is lost at the end of the cut file).
     */
    static Optional<String> firstStringOfCut(byte[] fdt) {
        if (!FdtReader.hasMagic(fdt) || fdt.length < 40) {
            return Optional.empty();
        }
        int struct = be32(fdt, 8);
        if (struct < 40 || struct + 20 > fdt.length || be32(fdt, struct) != 1 || be32(fdt, struct + 4) != 0
                || be32(fdt, struct + 8) != 3) {
            return Optional.empty();
        }
        int len = be32(fdt, struct + 12);
        int value = struct + 20;
        if (len < 2 || len > 64 || value + len > fdt.length || fdt[value + len - 1] != 0) {
            return Optional.empty();
        }
        String s = new String(fdt, value, len - 1, StandardCharsets.US_ASCII);
        return s.startsWith("kho-v") ? Optional.of(s) : Optional.empty();
    }

    private static int be32(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }
}
