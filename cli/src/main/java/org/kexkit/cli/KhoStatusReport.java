package org.kexkit.cli;

import static org.kexkit.cli.ReportText.hex;
import static org.kexkit.cli.ReportText.line;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kexkit.bin.FormatException;
import org.kexkit.kexec.Sizes;
import org.kexkit.kho.KhoAbi;
import org.kexkit.kho.SubtreeContent;
import org.kexkit.kho.SubtreeDecoder;
import org.kexkit.kho.fdt.FdtReader;
import org.kexkit.kho.system.DebugfsFault;
import org.kexkit.kho.system.DebugfsFaults;
import org.kexkit.kho.system.KhoDebugfs;
import org.kexkit.kho.system.KhoDebugfsDir;
import org.kexkit.kho.system.KhoDebugfsReader;
import org.kexkit.kho.system.KhoKernelParameters;
import org.kexkit.kho.system.ScratchArea;

/** What `kexkit kho status` prints: KHO on or off, its scratch areas, and what came in and goes out. */
final class KhoStatusReport {
    private final KhoDebugfsReader reader;
    private final Optional<KhoDebugfs> kho;
    private final KhoKernelParameters parameters;
    private final List<DebugfsFault> faults;

    private KhoStatusReport(KhoDebugfsReader reader, Optional<KhoDebugfs> kho, KhoKernelParameters parameters) {
        this.reader = reader;
        this.kho = kho;
        this.parameters = parameters;
        this.faults = kho.map(DebugfsFaults::find).orElse(List.of());
    }

    static KhoStatusReport read(Path root) throws IOException, FormatException {
        KhoDebugfsReader reader = new KhoDebugfsReader(root);
        return new KhoStatusReport(reader, reader.read(), KhoKernelParameters.parse(reader.cmdline().orElse("")));
    }

    private String state() {
        if (kho.isPresent()) {
            return "enabled";
        }
        return reader.absence().reason() == KhoDebugfsReader.Absence.Reason.NO_KHO ? "disabled" : "unknown";
    }

    String text() {
        StringBuilder out = new StringBuilder();
        if (kho.isEmpty()) {
            line(out, "KHO:                %s (%s)", state(), Advice.absence(reader.absence()));
            line(out, "kernel parameters:  %s", parameters.describe().isEmpty() ? "(none for KHO)" : parameters.describe());
            return out.toString();
        }
        KhoDebugfs k = kho.get();
        line(out, "KHO:                enabled (%s)", k.path());
        line(out, "kernel parameters:  %s", parameters.describe().isEmpty() ? "(none for KHO: kho is on by the kernel's"
                + " default)" : parameters.describe());
        line(out, "live update:        %s", reader.liveUpdateDevice() ? "/dev/liveupdate present"
                : "no /dev/liveupdate (LUO off: liveupdate=on needs CONFIG_LIVEUPDATE)");
        if (k.in().isPresent()) {
            KhoDebugfsDir in = k.in().get();
            String from = previousKernel(in).map(m -> ": handed over by " + m.previousRelease() + ", kexec count "
                    + m.kexecCount()).orElse("");
            line(out, "booted through KHO: yes%s", from);
            line(out, "incoming subtrees:  %s", subtrees(in));
        } else {
            line(out, "booted through KHO: no (no %s/in)", k.path());
        }
        k.out().ifPresent(o -> {
            line(out, "outgoing FDT:       %s", fdtState(o));
            line(out, "outgoing subtrees:  %s", subtrees(o));
        });
        line(out, "scratch areas:      %d%s", k.scratch().size(), k.scratch().isEmpty() ? ""
                : " (kexec_file_load places the next kernel's segments only there)");
        for (ScratchArea a : k.scratch()) {
            line(out, "  %-7s 0x%x-0x%x %s", a.role(), a.address(), a.address() + a.size() - 1,
                    a.size() == 0 ? "empty" : Sizes.describe(a.size()));
        }
        for (DebugfsFault f : faults) {
            line(out, "note: %s", f.line());
        }
        return out.toString();
    }

    String json() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kho", state());
        out.put("reason", kho.isEmpty() ? Advice.absence(reader.absence()) : null);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("kho", parameters.kho().orElse(null));
        p.put("kho_scratch", parameters.khoScratch().orElse(null));
        p.put("liveupdate", parameters.liveupdate().orElse(null));
        p.put("reserve_mem", parameters.reserveMem());
        out.put("kernel_parameters", p);
        if (kho.isPresent()) {
            KhoDebugfs k = kho.get();
            out.put("debugfs", k.path());
            out.put("live_update_device", reader.liveUpdateDevice());
            out.put("booted_through_kho", k.bootedThroughKho());
            Map<String, Object> previous = null;
            if (k.in().isPresent() && previousKernel(k.in().get()).isPresent()) {
                SubtreeContent.KexecMetadata m = previousKernel(k.in().get()).get();
                previous = new LinkedHashMap<>();
                previous.put("release", m.previousRelease());
                previous.put("kexec_count", m.kexecCount());
            }
            out.put("previous_kernel", previous);
            out.put("in", k.in().map(this::dirJson).orElse(null));
            out.put("out", k.out().map(this::dirJson).orElse(null));
            List<Object> scratch = new ArrayList<>();
            for (ScratchArea a : k.scratch()) {
                Map<String, Object> area = new LinkedHashMap<>();
                area.put("role", a.role());
                area.put("address", hex(a.address()));
                area.put("size", hex(a.size()));
                scratch.add(area);
            }
            out.put("scratch", scratch);
            out.put("faults", faults.stream().map(DebugfsFault::line).toList());
        }
        return Json.write(out);
    }

    private Map<String, Object> dirJson(KhoDebugfsDir dir) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("fdt", dir.fdt().isEmpty() ? "missing" : FdtReader.isTruncated(dir.fdt().get()) ? "truncated" : "complete");
        d.put("fdt_bytes", dir.fdt().map(b -> b.length).orElse(null));
        List<Object> subtrees = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : dir.subtrees().entrySet()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", e.getKey());
            s.put("size", e.getValue().length);
            s.put("version", version(e.getKey(), e.getValue(), dir));
            subtrees.add(s);
        }
        d.put("subtrees", subtrees);
        return d;
    }

    private static String fdtState(KhoDebugfsDir dir) {
        if (dir.fdt().isEmpty()) {
            return "missing from debugfs";
        }
        byte[] fdt = dir.fdt().get();
        return FdtReader.isTruncated(fdt) ? "cut at " + fdt.length + " bytes by debugfs" : "complete (" + fdt.length
                + " bytes)";
    }

    private static String subtrees(KhoDebugfsDir dir) {
        if (dir.subtrees().isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : dir.subtrees().entrySet()) {
            parts.add(e.getKey() + " (" + version(e.getKey(), e.getValue(), dir) + ")");
        }
        return String.join(", ", parts);
    }

    /** The version a blob carries ("luo-v5", "v1"), or why it has none. */
    private static String version(String name, byte[] blob, KhoDebugfsDir dir) {
        SubtreeContent c = decode(name, blob, dir);
        if (c instanceof SubtreeContent.KexecMetadata m) {
            return "v" + m.version();
        } else if (c instanceof SubtreeContent.Memblock) {
            return KhoAbi.MEMBLOCK_COMPATIBLE;
        } else if (c instanceof SubtreeContent.Luo l) {
            return l.compatible();
        } else if (c instanceof SubtreeContent.LuoAt l) {
            return l.compatible();
        }
        return KhoAbi.KNOWN_SUBTREES.contains(name) ? "not readable" : "unknown to kexkit";
    }

    private static Optional<SubtreeContent.KexecMetadata> previousKernel(KhoDebugfsDir in) {
        byte[] blob = in.subtrees().get(KhoAbi.KEXEC_METADATA);
        if (blob != null && decode(KhoAbi.KEXEC_METADATA, blob, in) instanceof SubtreeContent.KexecMetadata m) {
            return Optional.of(m);
        }
        return Optional.empty();
    }

    private static SubtreeContent decode(String name, byte[] blob, KhoDebugfsDir dir) {
        return SubtreeDecoder.decodeQuietly(name, blob, dir.subtreePath(name));
    }
}
