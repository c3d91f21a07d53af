package org.kexkit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.kexkit.bin.FormatException;
import org.kexkit.btf.Btf;
import org.kexkit.kexec.image.BzImage;
import org.kexkit.kexec.image.KernelPayload;
import org.kexkit.kexec.image.PayloadDecompressor;
import org.kexkit.kexec.image.VmlinuxSections;
import org.kexkit.kho.KhoException;
import org.kexkit.kho.check.KhoCheckResult;
import org.kexkit.kho.check.KhoCompatibilityCheck;
import org.kexkit.kho.check.LayoutCheck;
import org.kexkit.kho.check.NextKernelStrings;
import org.kexkit.kho.check.OutgoingHandover;
import org.kexkit.kho.check.OutgoingHandoverReader;
import org.kexkit.kho.system.KhoDebugfs;

/**
 * The KHO pre-flight check of a next kernel image against what the running kernel hands over:
 * debugfs kho/out on one side; on the other the bzImage's payload unpacked and its data
 * sections searched for KHO's version strings. Shared by kho check and kexec -l -s.
 */
final class KhoPreflight {
    /** Where the running kernel's KHO state is (relative to the system root). */
    static final String KHO_DEBUGFS = "sys/kernel/debug/kho";

    /** The unpacked next kernel and what it holds. */
    record NextKernel(String path, String compression, int unpackedBytes, NextKernelStrings strings,
            VmlinuxSections sections) {
    }

    /** One check: both sides, the verdicts, what BTF told, and how long it took. */
    record Outcome(OutgoingHandover handover, NextKernel next, KhoCheckResult result, String btf, long millis) {
    }

    /** The running kernel's BTF (CONFIG_DEBUG_INFO_BTF, kernel/bpf/sysfs_btf.c). */
    static final String RUNNING_BTF = "sys/kernel/btf/vmlinux";

    private KhoPreflight() {
    }

    /** Whether KHO is on in the running kernel (its debugfs directory exists). */
    static boolean active(Path root) {
        return Files.isDirectory(root.resolve(KHO_DEBUGFS));
    }

    static Outcome run(Path root, Path kernel) throws IOException, FormatException {
        long start = System.nanoTime();
        KhoDebugfs kho = KhoStatusReport.debugfs(root);
        OutgoingHandover handover;
        try {
            handover = OutgoingHandoverReader.read(kho);
        } catch (KhoException e) {
            throw new CommandFailure(e.getMessage());
        }
        Set<String> names = new LinkedHashSet<>();
        handover.subtrees().forEach(r -> names.addAll(r.names()));
        NextKernel next = unpack(kernel, names);
        KhoCheckResult result = KhoCompatibilityCheck.check(handover, next.strings());
        String btf;
        Path runningBtf = root.resolve(RUNNING_BTF);
        Optional<VmlinuxSections.Section> nextBtf = next.sections().section(".BTF");
        if (!Files.isRegularFile(runningBtf)) {
            btf = "not compared: the running kernel has no " + runningBtf;
        } else if (nextBtf.isEmpty()) {
            btf = "not compared: the next kernel has no .BTF section (built without CONFIG_DEBUG_INFO_BTF)";
        } else {
            try {
                VmlinuxSections.Section s = nextBtf.get();
                LayoutCheck.Result layouts = LayoutCheck.compare(Btf.read(Files.readAllBytes(runningBtf),
                        runningBtf.toString()), Btf.read(Arrays.copyOfRange(next.sections().bytes(), (int) s.offset(),
                        (int) (s.offset() + s.size())), next.path() + " .BTF"), result, next.strings());
                result = result.withWarnings(layouts.warnings());
                btf = layouts.compared() + " struct layout" + (layouts.compared() == 1 ? "" : "s")
                        + " of accepted layers compared";
            } catch (FormatException e) {
                btf = "not compared: " + e.getMessage();
            }
        }
        return new Outcome(handover, next, result, btf, (System.nanoTime() - start) / 1_000_000);
    }

    static NextKernel unpack(Path kernel, Set<String> names) throws IOException, FormatException {
        BzImage image = BzImage.read(kernel);
        KernelPayload payload = image.payload();
        byte[] vmlinux = PayloadDecompressor.decompress(payload);
        VmlinuxSections sections = VmlinuxSections.parse(vmlinux, kernel + " (unpacked "
                + payload.compression().kernelName() + " payload)");
        List<NextKernelStrings.Region> regions = new ArrayList<>();
        for (VmlinuxSections.Section s : sections.loadedData()) {
            regions.add(new NextKernelStrings.Region((int) s.offset(), (int) s.size()));
        }
        return new NextKernel(kernel.toString(), payload.compression().kernelName(), vmlinux.length,
                NextKernelStrings.scan(vmlinux, regions, names), sections);
    }

    /** The one refusal line for kexec -l: which subtrees would be dropped, and why. */
    static String refusal(Path kernel, KhoCheckResult result) {
        return "refusing to load " + kernel + ": " + drops(result) + "; kexkit kho check --next " + kernel
                + " tells more, --force loads it anyway";
    }

    /** "it would drop the KHO subtree memblock (the next kernel lacks memblock-v1 ...)" */
    static String drops(KhoCheckResult result) {
        var problems = result.problems();
        var first = problems.get(0);
        List<String> dropped = new ArrayList<>();
        problems.stream().filter(p -> !p.name().equals("root")).forEach(p -> dropped.add(p.name()));
        String what = dropped.size() == 1 ? "the KHO subtree " + dropped.get(0)
                : "the KHO subtrees " + String.join(", ", dropped);
        String reason = first.name().equals("root") ? "root " + first.versions() + ": " + first.reason()
                : first.reason();
        boolean maybe = problems.stream().allMatch(p -> p.verdict() == org.kexkit.kho.check.Verdict.UNKNOWN);
        return "it " + (maybe ? "may" : "would") + " drop " + what + " (" + reason + ")";
    }
}
