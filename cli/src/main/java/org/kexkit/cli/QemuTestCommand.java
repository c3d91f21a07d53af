package org.kexkit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.kexkit.capture.CaptureEnvException;
import org.kexkit.capture.KernelRelease;
import org.kexkit.qemu.run.CrashkernelSearch;
import org.kexkit.qemu.run.DrgnCheck;
import org.kexkit.qemu.run.DumpVerification;
import org.kexkit.qemu.run.MemorySize;
import org.kexkit.qemu.run.PanicTestOutcome;
import org.kexkit.qemu.run.PanicTestPlan;
import org.kexkit.qemu.run.PanicTestSession;
import org.kexkit.qemu.run.Qemu;
import org.kexkit.qemu.run.QemuRunException;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code kexkit qemu-test}: boots a kernel in QEMU, loads it as its own capture kernel with kexkit, panics, lets the
 * capture environment kdump setup's code builds write the dump to a virtio disk, and reads the dump back.
 */
final class QemuTestCommand extends CliCommand {
    /** One boot must end within this (TCG, a busy host); a size probe sooner (PanicTestSession.PROBE_TIMEOUT). */
    static final long BOOT_TIMEOUT = 900;

    private final OptionSpec kernel = Models.option("--kernel", "VMLINUZ", Path.class, "The x86-64 bzImage to test (it"
            + " is also the capture kernel).").required(true).build();
    private final OptionSpec modules = Models.option("--modules", "DIR", Path.class, "Its module tree (default"
            + " /lib/modules/RELEASE when it exists; without one the disk drivers must be built in).").build();
    private final OptionSpec memory = Models.option("--mem", "SIZE", String.class, "The guest's memory, e.g. 1G"
            + " (default 1G).").build();
    private final OptionSpec cpus = Models.option("--cpus", "N", Integer.class, "The guest's CPUs (default 2).").build();
    private final OptionSpec crashkernel = Models.option("--crashkernel", "SIZE", String.class, "crashkernel= for the"
            + " first kernel (default 256M).").build();
    private final OptionSpec find = Models.flag("--find-crashkernel", "Find the smallest crashkernel= that completes the"
            + " dump, 64M to 512M (at most 3/8 of --mem) in 16M steps, by bisection: one boot per size tried (about 5).");
    private final OptionSpec level = Models.option("--level", "N", Integer.class, "Paging levels the virtual CPU offers:"
            + " 4 (no LA57) or 5 (LA57; the kernel uses 5 levels when built for them). Default 4.").build();
    private final OptionSpec captureRuntime = Models.option("--capture-runtime", "WHERE", String.class, "Where the"
            + " capture takes kexkit's runtime from, as kdump.conf's capture_runtime: image (in the capture image, the"
            + " default) or disk (a read-only virtio disk holding the runtime tree, which the capture's init mounts).")
            .build();
    private final OptionSpec keep = Models.option("--keep", "DIR", Path.class, "Keep the run's files (images, console"
            + " logs, the crash directory) in DIR, created if missing; by default they go in a temporary directory"
            + " deleted afterwards, except the console log of a failed run.").build();
    private final OptionSpec runtime = Models.option("--runtime", "DIR", Path.class, "The kexkit runtime tree the guest"
            + " runs (default: the one this kexkit runs from).").build();
    private final OptionSpec busybox = Models.option("--busybox", "FILE", Path.class, "The busybox program (default:"
            + " the system's).").build();
    private final JsonOutput output;

    QemuTestCommand() {
        super("Panic-test a kernel in QEMU: boot it (KVM when a probe boot works, else TCG) with an initramfs of busybox,"
                + " the kexkit runtime this kexkit runs from and an /init of ours that loads the same kernel as the"
                + " capture kernel with kexkit (kexec_file_load, the capture image 'kdump setup' builds: kexkit's capture"
                + " init, the runtime in the image, virtio_pci, virtio_blk and ext4 from the module tree unless built in),"
                + " writes a marker to the kernel log and panics with sysrq-c (without sysrq: by ending /init). The capture writes its crash directory"
                + " (-d 31, zstd) to an ext4 disk made with mkfs.ext4 and read back with debugfs; the host mounts nothing.",
            "The dump is then read with kexkit's own reader (release, the marker and the panic in its log, paging levels)"
                + " and with drgn when python3 has it; the report says what was verified, by which reader, what was not,"
                + " and the timings. Exit 0 only when the dump verified, else 1 with one line naming what failed and the"
                + " console log's path.");
        spec.addOption(kernel);
        spec.addOption(modules);
        spec.addOption(memory);
        spec.addOption(cpus);
        spec.addOption(crashkernel);
        spec.addOption(find);
        spec.addOption(level);
        spec.addOption(captureRuntime);
        spec.addOption(keep);
        spec.addOption(runtime);
        spec.addOption(busybox);
        output = new JsonOutput(spec);
    }

    @Override
    public Integer call() throws Exception {
        PanicTestPlan plan = plan();
        boolean keepAll = keep.getValue() != null;
        Path work = keepAll ? keep.<Path>getValue() : Files.createTempDirectory("kexkit-qemu-test-");
        PrintWriter err = spec.commandLine().getErr();
        PanicTestSession session;
        try {
            session = PanicTestSession.prepare(plan, work, line -> {
                err.println("qemu-test: " + line);
                err.flush();
            });
        } catch (CaptureEnvException e) {
            throw new CommandFailure(e.getMessage());
        }
        String accel = Qemu.accelerator(plan.kernel());
        List<PanicTestOutcome> boots;
        Optional<CrashkernelSearch.Result> search = Optional.empty();
        PanicTestOutcome outcome;
        try {
            if (Models.given(find)) {
                PanicTestSession.Search s = session.find(plan, CrashkernelSearch.forMemory(plan.memoryMiB()), "boot-");
                search = Optional.of(s.result());
                outcome = s.shown();
                boots = List.copyOf(s.boots().values());
            } else {
                outcome = session.boot(plan, "boot-" + plan.crashkernelMiB() + "M", BOOT_TIMEOUT);
                boots = List.of(outcome);
            }
        } catch (QemuRunException e) {
            throw new CommandFailure("qemu-test: " + e.getMessage() + " (run directory " + work + ")");
        }
        Optional<DumpVerification.Result> verification = outcome.dump().map(d -> DumpVerification.verify(d, plan.release(),
                session.marker(), plan.pagingLevels(), new DrgnCheck(DrgnCheck.HOST)));
        QemuTestReport report = new QemuTestReport(plan, accel, session.modules(), session.captureImageBytes(),
                session.firstImageBytes(), session.imageSeconds(), outcome, verification, search, boots);
        output.print(report::text, () -> Json.write(report.json()));
        Optional<String> failed = report.failure();
        if (!keepAll) {
            cleanUp(work, failed.isPresent() ? Optional.of(outcome.serialLog()) : Optional.empty());
        }
        if (failed.isPresent()) {
            throw new CommandFailure("qemu-test: " + failed.get() + " (console log: " + outcome.serialLog() + ")");
        }
        return 0;
    }

    /** Deletes the run directory, all but {@code kept} (a failed run's console log) and its directory. */
    static void cleanUp(Path work, Optional<Path> kept) throws IOException {
        try (Stream<Path> s = Files.walk(work)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                if (kept.isPresent() && (p.equals(kept.get()) || kept.get().startsWith(p))) {
                    continue;
                }
                Files.deleteIfExists(p);
            }
        }
    }

    private PanicTestPlan plan() throws IOException {
        Path image = kernel.getValue();
        if (!Files.isRegularFile(image)) {
            throw new CommandFailure(image + ": no such file");
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(image)) {
            head = in.readNBytes(64 << 10);
        } catch (IOException e) {
            throw new CommandFailure(image + ": cannot read: " + ErrorReporter.expectedMessage(e));
        }
        Optional<Path> moduleDir = Optional.ofNullable(modules.<Path>getValue());
        // as kdump setup names it: the module tree's name when given, else the setup header's
        String release = moduleDir.isPresent() ? moduleDir.get().toAbsolutePath().normalize().getFileName().toString()
                : KernelRelease.ofBzImage(head).orElseThrow(() -> new CommandFailure(image + ": offset 0x202: no bzImage"
                        + " setup header with a kernel_version; give --modules DIR"));
        if (moduleDir.isPresent() && !Files.isDirectory(moduleDir.get())) {
            throw new CommandFailure(moduleDir.get() + ": not a directory");
        }
        if (moduleDir.isEmpty() && Files.isDirectory(Path.of("/lib/modules", release))) {
            moduleDir = Optional.of(Path.of("/lib/modules", release));
        }
        if (Models.given(find) && crashkernel.getValue() != null) {
            throw new CommandFailure("--crashkernel and --find-crashkernel exclude each other");
        }
        int mem = size(memory, "1G");
        int ck = size(crashkernel, "256M");
        int levels = level.getValue() == null ? 4 : level.<Integer>getValue();
        if (levels != 4 && levels != 5) {
            throw new CommandFailure("--level: " + levels + " is not 4 or 5");
        }
        int cpuCount = cpus.getValue() == null ? 2 : cpus.<Integer>getValue();
        if (cpuCount < 1 || cpuCount > 64) {
            throw new CommandFailure("--cpus: " + cpuCount + " is not between 1 and 64");
        }
        if (!Models.given(find) && ck >= mem) {
            throw new CommandFailure("--crashkernel " + MemorySize.format(ck) + " leaves nothing of --mem " + MemorySize.format(mem));
        }
        if (Models.given(find) && mem < 256) {
            throw new CommandFailure("--find-crashkernel needs --mem of at least 256M");
        }
        String where = captureRuntime.getValue() == null ? "image" : captureRuntime.<String>getValue();
        if (!where.equals("image") && !where.equals("disk")) {
            throw new CommandFailure("--capture-runtime: '" + where + "' is not image or disk");
        }
        Path tree = runtime.getValue() != null ? runtime.<Path>getValue() : KdumpSetupCommand.runningTree().orElseThrow(() ->
                new CommandFailure("kexkit is not running from a runtime tree (bin/kexkit, java/, lib/): give --runtime DIR"
                        + " (runtime/target/kexkit in a checkout)"));
        if (!Files.isRegularFile(tree.resolve("bin/kexkit")) || !Files.isDirectory(tree.resolve("java"))) {
            throw new CommandFailure(tree + ": not a kexkit runtime tree (no bin/kexkit and java/)");
        }
        if (keep.getValue() != null) {
            try {
                org.kexkit.qemu.run.Ext4Image.debugfsPath(keep.<Path>getValue().toAbsolutePath());
            } catch (QemuRunException e) {
                throw new CommandFailure("--keep: " + e.getMessage());
            }
        }
        Path bb = KdumpSetupCommand.busybox(Path.of("/"), busybox.getValue(), "");
        return new PanicTestPlan(image, release, moduleDir, mem, cpuCount, Models.given(find) ? CrashkernelSearch.LOW : ck, levels,
                tree, bb, where.equals("disk"));
    }

    private static int size(OptionSpec option, String fallback) {
        String text = option.getValue() == null ? fallback : option.<String>getValue();
        try {
            return MemorySize.mebibytes(text);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(option.longestName() + ": " + e.getMessage());
        }
    }
}
