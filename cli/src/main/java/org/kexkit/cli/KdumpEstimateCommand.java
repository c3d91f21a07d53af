package org.kexkit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.kexkit.capture.CaptureEnvException;
import org.kexkit.capture.KernelRelease;
import org.kexkit.kdump.CaptureRuntime;
import org.kexkit.kdump.KdumpConfig;
import org.kexkit.kdump.KdumpPaths;
import org.kexkit.qemu.run.CrashkernelEstimate;
import org.kexkit.qemu.run.CrashkernelSearch;
import org.kexkit.qemu.run.MemorySize;
import org.kexkit.qemu.run.PanicTestOutcome;
import org.kexkit.qemu.run.PanicTestPlan;
import org.kexkit.qemu.run.PanicTestSession;
import org.kexkit.qemu.run.QemuRunException;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code kexkit kdump estimate}: a crashkernel= for this machine from measured capture runs of its kernel and the
 * capture environment kdump setup builds for it, in QEMU (see {@link CrashkernelEstimate} for the rule).
 */
final class KdumpEstimateCommand extends SystemCommand {
    /** The guests measured: 1 GiB with 1 CPU (the base), 4 GiB with 1 CPU, 1 GiB with 2 CPUs; --quick only the first. */
    static final List<int[]> MACHINES = List.of(new int[] {1024, 1}, new int[] {4096, 1}, new int[] {1024, 2});

    private final SysrootOption sysroot = new SysrootOption(spec);
    private final KdumpConfigOption config = new KdumpConfigOption(spec);
    private final OptionSpec kernel = Models.option("--kernel", "VMLINUZ", Path.class, "The kernel to measure (default:"
            + " kdump.conf's kernel, /boot/vmlinuz-RELEASE of the running kernel).").build();
    private final OptionSpec modules = Models.option("--modules", "DIR", Path.class, "Its module tree (default"
            + " /lib/modules/RELEASE).").build();
    private final OptionSpec quick = Models.flag("--quick", "Measure only the 1 GiB, 1 CPU guest: the dependence on"
            + " memory and CPUs is then not measured and not applied.");
    private final OptionSpec runtime = Models.option("--runtime", "DIR", Path.class, "The kexkit runtime tree (default:"
            + " the one this kexkit runs from).").build();
    private final OptionSpec busybox = Models.option("--busybox", "FILE", Path.class, "The busybox program (default:"
            + " the system's).").build();
    private final OptionSpec keep = Models.option("--keep", "DIR", Path.class, "Keep the runs' files in DIR (default: a"
            + " temporary directory, deleted afterwards).").build();
    private final JsonOutput output;

    KdumpEstimateCommand() {
        super("Recommend a crashkernel= for this machine from measured capture runs in QEMU: the running kernel (or --kernel)"
                + " boots as first and capture kernel with the capture environment kdump setup builds for it (kdump.conf's"
                + " capture_runtime: the runtime in the image, or on a read-only disk), and the smallest crashkernel= that"
                + " completes a -d 31 -z dump is searched in 16M steps, one boot per size, for a 1 GiB guest with 1 CPU, then"
                + " a 4 GiB one and a 2-CPU one (from that size up: more memory or CPUs in the first kernel never need less).",
            "The recommendation is the base size grown by the measured cost per GiB and per CPU up to this machine's"
                + " memory and CPUs, rounded up to 16M, plus a margin of a quarter (at least 32M): the guest has only virtio"
                + " devices, and real storage and network drivers take more in the capture kernel. Under TCG a search"
                + " takes 10-15 minutes, the full estimate 20-40.");
        spec.addOption(kernel);
        spec.addOption(modules);
        spec.addOption(quick);
        spec.addOption(runtime);
        spec.addOption(busybox);
        spec.addOption(keep);
        output = new JsonOutput(spec);
    }

    @Override
    public Integer call() throws Exception {
        Path root = sysroot.root(environment);
        KdumpConfig settings = config.read(root, "");
        Path image = kernel.getValue() != null ? kernel.<Path>getValue() : KdumpPaths.under(root, settings.kernel().orElse(
                KdumpPaths.kernelImage(KdumpSystem.release(root))));
        if (!Files.isRegularFile(image)) {
            throw new CommandFailure(image + ": no such file; give --kernel VMLINUZ");
        }
        String release = release(image);
        Path moduleDir = modules.getValue() != null ? modules.<Path>getValue() : root.resolve("lib/modules").resolve(release);
        Path tree = runtime.getValue() != null ? runtime.<Path>getValue() : KdumpSetupCommand.runningTree().orElseThrow(() ->
                new CommandFailure("kexkit is not running from a runtime tree: give --runtime DIR"));
        Path bb = KdumpSetupCommand.busybox(root, busybox.getValue(), "");
        boolean onDisk = settings.captureRuntime() == CaptureRuntime.DISK;
        int machineMemory = memTotalMiB(root);
        int machineCpus = cpus(root);
        PanicTestPlan plan = new PanicTestPlan(image, release, Files.isDirectory(moduleDir) ? Optional.of(moduleDir)
                : Optional.empty(), 1024, 1, CrashkernelSearch.LOW, 4, tree, bb, onDisk);
        boolean keepAll = keep.getValue() != null;
        Path work = keepAll ? keep.<Path>getValue() : Files.createTempDirectory("kexkit-estimate-");
        PrintWriter err = spec.commandLine().getErr();
        List<CrashkernelEstimate.Measurement> measured = new ArrayList<>();
        List<Map<String, Object>> runs = new ArrayList<>();
        try {
            PanicTestSession session = PanicTestSession.prepare(plan, work, line -> {
                err.println("kdump estimate: " + line);
                err.flush();
            });
            List<int[]> machines = Models.given(quick) ? MACHINES.subList(0, 1) : MACHINES;
            for (int[] m : machines) {
                PanicTestPlan variant = plan.withMachine(m[0], m[1]);
                String name = MemorySize.format(m[0]) + "-" + m[1] + "cpu-";
                PanicTestSession.Search s = measured.isEmpty()
                        ? session.find(variant, CrashkernelSearch.forMemory(m[0]), name)
                        : session.findFrom(variant, new CrashkernelSearch(measured.get(0).smallestMiB(),
                                CrashkernelSearch.high(m[0]), CrashkernelSearch.STEP), name);
                PanicTestOutcome shown = s.shown();
                if (s.result().smallest().isEmpty()) {
                    throw new CommandFailure("kdump estimate: no crashkernel= up to " + shown.crashkernelMiB() + "M completed a"
                            + " dump of a " + MemorySize.format(m[0]) + ", " + m[1] + "-CPU guest: " + shown.failure().orElse("?")
                            + " (console log: " + shown.serialLog() + ")");
                }
                measured.add(new CrashkernelEstimate.Measurement(m[0], m[1], s.result().smallest().getAsInt()));
                Map<String, Object> run = new LinkedHashMap<>();
                run.put("memory_mib", m[0]);
                run.put("cpus", m[1]);
                run.put("smallest_crashkernel_mib", s.result().smallest().getAsInt());
                run.put("boots", s.result().probes().size());
                run.put("panic_to_dump_seconds", Double.isNaN(shown.panicToDumpSeconds()) ? null
                        : Math.round(shown.panicToDumpSeconds() * 10) / 10.0);
                runs.add(run);
            }
        } catch (CaptureEnvException | QemuRunException e) {
            throw new CommandFailure("kdump estimate: " + e.getMessage() + " (run directory " + work + ")");
        } finally {
            if (!keepAll) {
                QemuTestCommand.cleanUp(work, Optional.empty());
            }
        }
        CrashkernelEstimate e = CrashkernelEstimate.of(measured, machineMemory, machineCpus);
        output.print(() -> text(e, release, onDisk), () -> Json.write(json(e, release, onDisk, runs)));
        return 0;
    }

    static String text(CrashkernelEstimate e, String release, boolean onDisk) {
        StringBuilder o = new StringBuilder();
        o.append("kdump estimate: crashkernel=").append(e.recommendedMiB()).append("M for this machine (")
                .append(e.machineMemoryMiB()).append(" MiB, ").append(e.machineCpus()).append(" CPUs)\n");
        o.append("  kernel:     ").append(release).append(", capture runtime ").append(onDisk ? "on disk" : "in the image")
                .append('\n');
        for (CrashkernelEstimate.Measurement m : e.measured()) {
            o.append("  measured:   ").append(m.memoryMiB()).append(" MiB, ").append(m.cpus()).append(" CPU")
                    .append(m.cpus() == 1 ? "" : "s").append(": smallest working crashkernel=").append(m.smallestMiB())
                    .append("M\n");
        }
        if (e.measured().size() == 1) {
            o.append("  dependence: not measured (--quick): the need of a larger first kernel is not added\n");
        } else {
            o.append(String.format(Locale.ROOT, "  dependence: %.1f MiB per GiB of memory, %.1f MiB per CPU%n", e.mibPerGiB(),
                    e.mibPerCpu()));
        }
        o.append("  predicted:  ").append(e.predictedMiB()).append("M, plus a margin of ").append(e.marginMiB())
                .append("M (a quarter, at least 32M: the guest has only virtio devices)\n");
        return o.toString();
    }

    static Map<String, Object> json(CrashkernelEstimate e, String release, boolean onDisk, List<Map<String, Object>> runs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("release", release);
        m.put("capture_runtime", onDisk ? "disk" : "image");
        m.put("machine_memory_mib", e.machineMemoryMiB());
        m.put("machine_cpus", e.machineCpus());
        m.put("runs", runs);
        m.put("mib_per_gib", e.measured().size() > 1 ? Math.round(e.mibPerGiB() * 10) / 10.0 : null);
        m.put("mib_per_cpu", e.measured().size() > 1 ? Math.round(e.mibPerCpu() * 10) / 10.0 : null);
        m.put("predicted_mib", e.predictedMiB());
        m.put("margin_mib", e.marginMiB());
        m.put("crashkernel", e.recommendedMiB() + "M");
        return m;
    }

    private static String release(Path image) {
        byte[] head;
        try (InputStream in = Files.newInputStream(image)) {
            head = in.readNBytes(64 << 10);
        } catch (IOException e) {
            throw new CommandFailure(image + ": cannot read: " + ErrorReporter.expectedMessage(e));
        }
        return KernelRelease.ofBzImage(head).orElseThrow(() -> new CommandFailure(image + ": offset 0x202: no bzImage"
                + " setup header with a kernel_version"));
    }

    /** MemTotal of /proc/meminfo, in MiB. */
    static int memTotalMiB(Path root) throws IOException {
        Path meminfo = root.resolve("proc/meminfo");
        for (String line : Files.readAllLines(meminfo, StandardCharsets.US_ASCII)) {
            if (line.startsWith("MemTotal:")) {
                String[] f = line.trim().split("\\s+");
                return (int) (Long.parseLong(f[1]) / 1024);
            }
        }
        throw new CommandFailure(meminfo + ": no MemTotal line");
    }

    /** The CPUs /proc/cpuinfo lists. */
    static int cpus(Path root) throws IOException {
        Path cpuinfo = root.resolve("proc/cpuinfo");
        long n = Files.readAllLines(cpuinfo, StandardCharsets.US_ASCII).stream().filter(l -> l.startsWith("processor")).count();
        return (int) Math.max(1, n);
    }
}
