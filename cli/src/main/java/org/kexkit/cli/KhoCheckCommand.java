package org.kexkit.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kexkit.kexec.kho.KhoPreflight;
import org.kexkit.kexec.kho.NextKernel;
import org.kexkit.kho.check.LayerVerdict;
import org.kexkit.kho.check.Requirement;
import picocli.CommandLine.Model.OptionSpec;

/** {@code kexkit kho check --next KERNEL_IMAGE}. */
final class KhoCheckCommand extends SystemCommand {
    private final SysrootOption sysroot = new SysrootOption(spec);
    private final OptionSpec next = Models.option("--next", "KERNEL_IMAGE", Path.class, "The bzImage to kexec next.")
            .required(true).build();
    private final JsonOutput output;

    KhoCheckCommand() {
        super("Check that a next kernel takes what this one hands over through KHO.",
            "Unpacks KERNEL_IMAGE's payload (gzip, xz, lzma, lz4, zstd), finds the KHO version strings it holds"
                + " (kho-v4, memblock-v1, reserve-mem-v1, luo-v5, memfd-v2, ...) and prints accept, refuse or unknown"
                + " for the root and each subtree in /sys/kernel/debug/kho/out. A kernel takes data only under the"
                + " exact version it was built with, and drops the rest silently after the jump.",
            "Where both kernels have BTF, the structs behind each accepted version are compared too. A complete"
                + " kho/out/fdt that cannot be read is named in a warning. kexkit kexec -l -s runs this check whenever"
                + " KHO is on.");
        spec.usageMessage().footer("", "Exit status: 0 when the next kernel takes everything, 1 otherwise or on error.");
        spec.addOption(next);
        output = new JsonOutput(spec);
    }

    @Override
    public Integer call() throws Exception {
        KhoPreflight.Outcome o = KhoPreflight.run(sysroot.root(environment), next.getValue());
        output.print(() -> text(o), () -> json(o));
        return o.result().accepted() ? 0 : 1;
    }

    static String text(KhoPreflight.Outcome o) {
        StringBuilder s = new StringBuilder();
        List<String> names = o.handover().subtrees().stream().map(Requirement::subtree).toList();
        s.append("this kernel hands over: ").append(o.handover().rootVersion()).append(" with ")
                .append(names.isEmpty() ? "no subtrees" : String.join(", ", names)).append('\n');
        NextKernel n = o.next();
        List<String> found = new ArrayList<>(n.strings().versions());
        found.addAll(n.strings().names());
        s.append("next kernel: ").append(n.path()).append(" (").append(n.compression()).append(", ")
                .append(n.unpackedBytes()).append(" bytes unpacked) holds ")
                .append(found.isEmpty() ? "no KHO strings" : String.join(", ", found)).append('\n');
        s.append(o.result().root().line()).append('\n');
        for (LayerVerdict v : o.result().subtrees()) {
            s.append(v.line()).append('\n');
        }
        for (String w : o.result().warnings()) {
            s.append("warning: ").append(w).append('\n');
        }
        s.append("btf: ").append(o.btf()).append('\n');
        return s.toString();
    }

    static String json(KhoPreflight.Outcome o) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accepted", o.result().accepted());
        Map<String, Object> running = new LinkedHashMap<>();
        running.put("root", o.handover().rootVersion());
        running.put("root_source", o.handover().rootSource());
        out.put("running", running);
        Map<String, Object> next = new LinkedHashMap<>();
        next.put("image", o.next().path());
        next.put("compression", o.next().compression());
        next.put("unpacked_bytes", o.next().unpackedBytes());
        next.put("versions", List.copyOf(o.next().strings().versions()));
        next.put("subtree_names", List.copyOf(o.next().strings().names()));
        out.put("next", next);
        out.put("root", verdict(o.result().root()));
        out.put("subtrees", o.result().subtrees().stream().map(KhoCheckCommand::verdict).toList());
        out.put("warnings", o.result().warnings());
        out.put("btf", o.btf());
        out.put("milliseconds", o.millis());
        return Json.write(out);
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
