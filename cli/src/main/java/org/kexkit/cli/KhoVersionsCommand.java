package org.kexkit.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kexkit.kexec.kho.KhoVersionCatalogue;
import org.kexkit.kexec.kho.NextKernel;
import org.kexkit.kho.KhoAbi;
import org.kexkit.kho.check.KhoCheckResult;
import org.kexkit.kho.check.LayerVerdict;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code kexkit kho versions KERNEL...}: the KHO ABI catalogue of kernel images, pair by pair. */
final class KhoVersionsCommand extends CliCommand {
    private final PositionalParamSpec images = Models.parameter("0..*", "KERNEL", List.class,
            "A kernel image (bzImage).").arity("1..*").auxiliaryTypes(Path.class).build();
    private final JsonOutput output;

    KhoVersionsCommand() {
        super("List the KHO, LUO and subsystem ABI versions kernel images carry, and which can hand over to which.",
            "Unpacks each KERNEL's payload as kho check --next does and lists the version strings it holds"
                + " (kho-vN, luo-vN, memblock-vN, reserve-mem-vN, memfd-vN, and whether it reads a kexec-metadata"
                + " subtree). Then, for every ordered pair (a kernel to itself included), whether a KHO handover"
                + " from the first to the second works, subtree by subsystem: a kernel takes data only under the"
                + " exact version it was built with.");
        spec.usageMessage().footer("", "Exit status: 0 when every image was read, 1 on error.");
        spec.addPositional(images);
        output = new JsonOutput(spec);
    }

    @Override
    public Integer call() throws Exception {
        List<Path> paths = images.getValue();
        KhoVersionCatalogue catalogue = KhoVersionCatalogue.build(paths);
        output.print(() -> text(catalogue), () -> json(catalogue));
        return 0;
    }

    static String text(KhoVersionCatalogue c) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < c.kernels().size(); i++) {
            NextKernel k = c.kernels().get(i);
            s.append("kernel ").append(i + 1).append(": ").append(k.path()).append(" (").append(k.compression())
                    .append(", ").append(k.unpackedBytes()).append(" bytes unpacked)\n");
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, List<String>> e : families(k).entrySet()) {
                if (!e.getValue().isEmpty()) {
                    parts.add(e.getKey() + " " + String.join(", ", e.getValue()));
                }
            }
            if (k.strings().names().contains(KhoAbi.KEXEC_METADATA)) {
                parts.add("kexec-metadata");
            }
            s.append("  ").append(parts.isEmpty() ? "no KHO strings" : String.join("; ", parts)).append('\n');
        }
        for (KhoVersionCatalogue.Pair p : c.pairs()) {
            s.append("handover ").append(p.from() + 1).append(" -> ").append(p.to() + 1).append(": ")
                    .append(p.summary()).append('\n');
            if (p.result().isPresent()) {
                KhoCheckResult r = p.result().get();
                s.append("  ").append(r.root().line()).append('\n');
                for (LayerVerdict v : r.subtrees()) {
                    s.append("  ").append(v.line()).append('\n');
                }
                for (String w : r.warnings()) {
                    s.append("  warning: ").append(w).append('\n');
                }
            }
        }
        return s.toString();
    }

    static String json(KhoVersionCatalogue c) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Object> kernels = new ArrayList<>();
        for (NextKernel k : c.kernels()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("image", k.path());
            m.put("compression", k.compression());
            m.put("unpacked_bytes", k.unpackedBytes());
            m.put("versions", families(k));
            m.put("kexec_metadata", k.strings().names().contains(KhoAbi.KEXEC_METADATA));
            kernels.add(m);
        }
        out.put("kernels", kernels);
        List<Object> pairs = new ArrayList<>();
        for (KhoVersionCatalogue.Pair p : c.pairs()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("from", c.kernels().get(p.from()).path());
            m.put("to", c.kernels().get(p.to()).path());
            m.put("works", p.works());
            m.put("summary", p.summary());
            m.put("root", p.result().map(r -> verdict(r.root())).orElse(null));
            m.put("subtrees", p.result().map(r -> r.subtrees().stream().map(KhoVersionsCommand::verdict).toList())
                    .orElse(List.of()));
            m.put("warnings", p.result().map(KhoCheckResult::warnings).orElse(List.of()));
            pairs.add(m);
        }
        out.put("pairs", pairs);
        return Json.write(out);
    }

    /** The versions by family, in KhoAbi's order. */
    private static Map<String, List<String>> families(NextKernel k) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String family : KhoAbi.VERSION_FAMILIES) {
            Set<String> versions = k.strings().family(family);
            out.put(family, List.copyOf(versions));
        }
        return out;
    }

    private static Map<String, Object> verdict(LayerVerdict v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        m.put("versions", v.versions());
        m.put("verdict", v.verdict().word());
        m.put("reason", v.reason().isEmpty() ? null : v.reason());
        return m;
    }
}
