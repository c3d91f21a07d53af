package org.kexkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.kexkit.bin.FormatException;
import org.kexkit.kexec.KexecException;
import org.kexkit.kexec.KexecSystemReader;
import org.kexkit.kexec.image.BzImage;
import org.kexkit.kexec.image.KexecLoadFailureExplainer;
import org.kexkit.kexec.image.KexecLoadFlags;
import org.kexkit.kexec.kho.KhoCarryOver;
import org.kexkit.kexec.kho.KhoLoadPolicy;
import org.kexkit.kexec.kho.KhoLoadVerdict;
import org.kexkit.kho.system.KhoDebugfs;
import org.kexkit.kho.system.KhoDebugfsAbsent;
import org.kexkit.kho.system.KhoDebugfsReader;
import org.kexkit.kexec.load.KexecLoadPlan;
import org.kexkit.kexec.load.KexecLoadPlanner;
import org.kexkit.kexec.sys.KexecLoadSyscall;
import org.kexkit.kexec.system.CrashSystemReader;

/** kexec -l or -p -c KERNEL: kexkit plans the image (kexec_load), shows or writes it, and loads it. */
final class KexecLoadRunner {
    private final KexecContext context;

    KexecLoadRunner(KexecContext context) {
        this.context = context;
    }

    int run(boolean crash, KexecLoadOptions load) throws Exception {
        Path root = context.systemRoot();
        String cmdline = load.commandLine(root, crash);
        Path kernel = load.kernel;
        if (!load.kho && !load.dryRun && !load.force
                && KhoLoadPolicy.kexecLoad(context.environment().root(), crash).refuses()) {
            throw new CommandFailure("refusing to load " + kernel + " with -c while Kexec HandOver is on: kexec_load"
                    + " hands nothing over by itself, so every KHO subtree would be dropped; use -s, -c --kho, or --force");
        }
        if (load.hotplug && !crash) {
            throw context.usage("--hotplug is for crash loads (-p)");
        }
        KexecLoadPlan plan = load.kho ? planWithKho(root, load, cmdline)
                : plan(root, kernel, Optional.ofNullable(load.initrd), cmdline, crash, load.hotplug);
        plan.warnings().forEach(context::warn);
        if (load.elfcorehdrOut != null) {
            writeElfcorehdr(plan, load.elfcorehdrOut);
        }
        if (load.dryRun) {
            print(plan, context.out());
            return 0;
        }
        load(plan, kernel.toString(), load.hotplug);
        if (!crash) {
            new KexecLoadRecord(KexecLoadRecord.KEXEC_LOAD, load.kho, kernel.toString()).write(context.environment().root(),
                    context);
        }
        context.debug("loaded " + (crash ? "crash" : "kexec") + " kernel " + kernel + " using kexec_load, "
                + plan.image().segments().size() + " segments; command line: \"" + plan.cmdline() + "\"");
        return 0;
    }

    /** A crash load planned from plain values (kexkit kdump load with load_method kexec_load); the same steps as -p -c. */
    void loadCrash(Path kernel, Optional<Path> initrd, String cmdline, boolean hotplug) throws Exception {
        KexecLoadPlan plan = plan(context.systemRoot(), kernel, initrd, cmdline, true, hotplug);
        plan.warnings().forEach(context::warn);
        load(plan, kernel.toString(), hotplug);
    }

    /**
     * -l -c --kho: what the system under {@code root} hands over, checked against the kernel (the
     * root and the subtrees that go over, as -s checks them), then planned with the KHO segments.
     */
    private KexecLoadPlan planWithKho(Path root, KexecLoadOptions load, String cmdline) throws Exception {
        KhoDebugfs kho;
        try {
            kho = new KhoDebugfsReader(root).require();
        } catch (KhoDebugfsAbsent e) {
            throw new CommandFailure("--kho: " + e.getMessage());
        }
        KhoCarryOver carry = KhoCarryOver.of(kho);
        KhoLoadVerdict verdict = KhoLoadPolicy.kexecLoadHandover(root, load.kernel, carry);
        if (verdict.refuses() && !load.force) {
            String why = verdict instanceof KhoLoadVerdict.Drops drops ? drops.outcome().result().lossSummary()
                    : "the KHO check could not be made: " + ErrorReporter.expectedMessage(((KhoLoadVerdict.Unchecked) verdict).cause());
            throw new CommandFailure("refusing to load " + load.kernel + " with -c --kho: " + why + "; --force loads it anyway");
        }
        if (verdict.refuses()) {
            context.warn("--force: loading " + load.kernel + " although the KHO check refuses it");
        }
        BzImage image = BzImage.read(load.kernel);
        Optional<byte[]> initrd = load.initrd == null ? Optional.empty() : Optional.of(Files.readAllBytes(load.initrd));
        return new KexecLoadPlanner(new CrashSystemReader(root)).normalWithKho(image, initrd, cmdline, carry);
    }

    private static KexecLoadPlan plan(Path sysroot, Path kernel, Optional<Path> initrd, String cmdline, boolean crash,
            boolean hotplug) throws IOException, FormatException, KexecException {
        BzImage image = BzImage.read(kernel);
        Optional<byte[]> initrdBytes = initrd.isPresent() ? Optional.of(Files.readAllBytes(initrd.get())) : Optional.empty();
        KexecLoadPlanner planner = new KexecLoadPlanner(new CrashSystemReader(sysroot));
        return crash ? planner.crash(image, initrdBytes, cmdline, hotplug) : planner.normal(image, initrdBytes, cmdline);
    }

    private static void writeElfcorehdr(KexecLoadPlan plan, Path out) throws IOException {
        if (plan.elfcorehdr().isEmpty()) {
            throw new CommandFailure("--elfcorehdr-out: only a crash load (-p) has an ELF core header");
        }
        Files.write(out, plan.elfcorehdr().get());
    }

    private static void print(KexecLoadPlan plan, PrintWriter out) {
        out.print(plan.describe());
        out.flush();
    }

    /** Hands the image to the kernel; a refusal becomes one line. */
    private void load(KexecLoadPlan plan, String kernelName, boolean hotplug) {
        KexecLoadSyscall syscall = Bindings.kexecLoad(context.environment());
        long flags = KexecLoadFlags.of(plan.crash(), hotplug);
        int errno = syscall.load(plan.image(), flags);
        if (errno != 0) {
            throw new CommandFailure(new KexecLoadFailureExplainer(new KexecSystemReader(context.environment().root()))
                    .explain(plan.crash(), false, flags, errno, kernelName));
        }
    }
}
