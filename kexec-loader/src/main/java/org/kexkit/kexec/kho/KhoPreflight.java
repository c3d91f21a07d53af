package org.kexkit.kexec.kho;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.kexkit.bin.FormatException;
import org.kexkit.btf.Btf;
import org.kexkit.kexec.image.VmlinuxSections;
import org.kexkit.kho.KhoException;
import org.kexkit.kho.check.KhoCheckResult;
import org.kexkit.kho.check.KhoCompatibilityCheck;
import org.kexkit.kho.check.LayoutCheck;
import org.kexkit.kho.check.OutgoingHandover;
import org.kexkit.kho.check.OutgoingHandoverReader;
import org.kexkit.kho.system.KhoDebugfs;
import org.kexkit.kho.system.KhoDebugfsReader;

/**
 * The KHO pre-flight check of a next kernel image against what the running kernel hands over:
 * debugfs kho/out on one side; on the other the bzImage's payload unpacked and its data sections
 * searched for KHO's version strings; where both kernels have BTF, the structs behind each
 * accepted version are compared too.
 */
public final class KhoPreflight {
    /** Where the running kernel's KHO state is (relative to the system root). */
    static final String KHO_DEBUGFS = "sys/kernel/debug/kho";
    /** The running kernel's BTF (CONFIG_DEBUG_INFO_BTF, kernel/bpf/sysfs_btf.c). */
    static final String RUNNING_BTF = "sys/kernel/btf/vmlinux";

    /** One check: both sides, the verdicts, what BTF told, and how long it took. */
    public record Outcome(OutgoingHandover handover, NextKernel next, KhoCheckResult result, String btf, long millis) {
    }

    private KhoPreflight() {
    }

    /** Whether KHO is on in the system under {@code root} (its debugfs directory exists). */
    public static boolean active(Path root) {
        return Files.isDirectory(root.resolve(KHO_DEBUGFS));
    }

    /**
     * Checks {@code kernel} against what the system under {@code root} hands over.
     *
     * @throws org.kexkit.kho.system.KhoDebugfsAbsent when there is no kho directory to read
     */
    public static Outcome run(Path root, Path kernel) throws IOException, FormatException, KhoException {
        long start = System.nanoTime();
        KhoDebugfs kho = new KhoDebugfsReader(root).require();
        OutgoingHandover handover = OutgoingHandoverReader.read(kho);
        Set<String> names = new LinkedHashSet<>();
        handover.subtrees().forEach(r -> names.addAll(r.names()));
        NextKernel next = NextKernel.unpack(kernel, names);
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
                result = layouts.applyTo(result);
                btf = layouts.compared() + " struct layout" + (layouts.compared() == 1 ? "" : "s")
                        + " of accepted layers compared";
            } catch (FormatException e) {
                btf = "not compared: " + e.getMessage();
            }
        }
        return new Outcome(handover, next, result, btf, (System.nanoTime() - start) / 1_000_000);
    }
}
