package org.kexkit.qemu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kexkit.qemu.run.DrgnCheck;
import org.kexkit.qemu.run.Ext4Image;
import org.kexkit.qemu.run.Qemu;
import org.kexkit.qemu.run.SerialLog;

/**
 * The skeleton's end-to-end run: a Debian kernel boots in QEMU with crashkernel= reserved; kexkit
 * crash-loads the same kernel and initramfs with kexec_file_load; the guest panics; the capture
 * kernel's kexkit writes a -d 31 -z dump and saves /proc/vmcore to a second disk; on the host drgn
 * and crash open both and must see the same tasks, log and panic stack.
 */
public final class PanicCapture {
    /** What a run needs that does not change between kernels. */
    public record Setup(HarnessCache cache, SidRoot sid, GuestJavaRuntime runtime, Path busybox) {
        public static Setup prepare(HarnessCache cache, Path repo) {
            return cache.exclusive(() -> {
                SidRoot sid = SidRoot.ensure(cache);
                GuestJavaRuntime runtime = GuestJavaRuntime.built(repo);
                Path busybox = busybox(cache);
                return new Setup(cache, sid, runtime, busybox);
            });
        }

        private static Path busybox(HarnessCache cache) {
            Path dir = cache.dir("busybox");
            Path bin = dir.resolve("bin/busybox");
            if (!Files.exists(bin)) {
                Debs.extract(DebianArchive.system(cache).download("busybox-static"), dir);
            }
            return bin;
        }
    }

    /**
     * Knobs with their defaults: 1 GiB guest, 2 CPUs, crashkernel=256M, nothing added to the
     * first kernel's command line.
     */
    public record Options(int memoryMiB, int cpus, String crashkernel, String extraCmdline, boolean echoConsole) {
        public static Options defaults() {
            String ck = System.getenv().getOrDefault("KEXKIT_CRASHKERNEL", "256M");
            return new Options(1024, 2, ck, "", false);
        }

        public Options withExtraCmdline(String extra) {
            return new Options(memoryMiB, cpus, crashkernel, extra, echoConsole);
        }

        public Options withMemory(int mib) {
            return new Options(mib, cpus, crashkernel, extraCmdline, echoConsole);
        }

        public Options withCrashkernel(String size) {
            return new Options(memoryMiB, cpus, size, extraCmdline, echoConsole);
        }
    }

    static final String CAPTURE_APPEND = "console=ttyS0 irqpoll nr_cpus=1 reset_devices rootfstype=ramfs panic=-1";

    /**
     * The kernel whose file-load boot's capture also erases every task's comm and runs the sample
     * extensions (KdumpServiceCaptureTest checks it); the other kernel's capture stays plain, so that
     * test sees both.
     */
    public static final String ERASING_KERNEL = "7.2";

    /**
     * The kernel whose file-load boot's capture kernel first runs a capture the kernel's OOM killer stops mid-dump
     * (scenario-panic-capture.sh's oom_capture; KdumpServiceCaptureTest checks it).
     */
    public static final String OOM_KERNEL = "6.1";

    /**
     * Where that run keeps what the killed capture wrote in the guest (its /oom, a target of its own so the
     * newest dump of /crash stays the service capture's), beside the vmcore, with {@link #OOM_RECORD}.
     */
    public static final String OOM_DIR = "kdump-oom";
    /** In {@link #OOM_DIR}: the guest's record of the killed capture (exit status, memory.events, kernel lines). */
    public static final String OOM_RECORD = "kdump-oom.txt";

    /** Where a file-load run keeps what `kexkit kdump capture` wrote in the guest (its /crash), beside the vmcore. */
    public static final String KDUMP_DIR = "kdump";
    /** In {@link #KDUMP_DIR}: the kdump.conf the guest's capture ran with. */
    public static final String KDUMP_CONF = "kdump.conf";

    /** Which syscall `kexkit kexec -p` loads the capture kernel with. */
    public enum Loader {
        /** kexec_file_load: the kernel builds the ELF core header. */
        FILE("-s", ""),
        /** kexec_load: kexkit builds the ELF core header, boot_params and purgatory. */
        LOAD("-c", "-c");

        final String flag;
        final String runSuffix;

        Loader(String flag, String runSuffix) {
            this.flag = flag;
            this.runSuffix = runSuffix;
        }
    }

    private final Setup setup;
    private final Options options;
    private final Loader loader;
    private Path lastVmcoreInfo;

    public PanicCapture(Setup setup, Options options) {
        this(setup, options, Loader.FILE);
    }

    public PanicCapture(Setup setup, Options options, Loader loader) {
        this.setup = setup;
        this.options = options;
        this.loader = loader;
    }

    /** The run's name: its directory under runs/ and in the sid root. */
    String runName(GuestKernel kernel) {
        return "panic-capture" + loader.runSuffix + "-" + kernel.label();
    }

    public CaptureReport run(GuestKernel kernel) {
        String marker = "KEXKIT-MARKER-" + UUID.randomUUID();
        boolean erase = loader == Loader.FILE && kernel.label().equals(ERASING_KERNEL);
        boolean oom = loader == Loader.FILE && kernel.label().equals(OOM_KERNEL);
        Map<String, Path> files = Map.of();
        if (erase) {
            Path rules = setup.sid().workDir(runName(kernel)).resolve("capture-erase.conf");
            writeString(rules, SampleExtensions.TASK_COMM_RULES);
            files = Map.of("opt/kexkit-capture/erase.conf", rules, "opt/kexkit-capture/kexkit-extension-samples.jar",
                    SampleExtensions.jar(setup.runtime().repo()));
        }
        GuestRun.Result run = new GuestRun(setup, options).boot(kernel, runName(kernel),
                "scenario-panic-capture.sh",
                Map.of("MARKER", marker, "CAPTURE_APPEND", CAPTURE_APPEND, "LOAD_ARGS", loader.flag,
                        "KDUMP_CAPTURE", loader == Loader.FILE ? "1" : "0", "KDUMP_ERASE", erase ? "1" : "0",
                        "KDUMP_OOM", oom ? "1" : "0"),
                Map.of(), List.of(), files);

        Timings t = Timings.from(run);
        Path sidWork = setup.sid().workDir(runName(kernel));
        Path vmcore = sidWork.resolve("vmcore");
        Ext4Image.extract(run.dumpDisk(), "/vmcore", vmcore);
        writeString(sidWork.resolve("release"), kernel.release());
        writeString(sidWork.resolve("marker"), marker); // the line the guest wrote to /dev/kmsg, for log checks
        Ext4Image.extract(run.dumpDisk(), "/vmcore-info.txt", run.work().resolve("vmcore-info.txt"));
        if (loader == Loader.FILE) {
            // the kdump service's capture step (kexkit kdump capture), kept beside the vmcore for KdumpServiceCaptureTest
            Path kdump = sidWork.resolve(KDUMP_DIR);
            DebianKernels.deleteTree(kdump);
            if (Ext4Image.contains(run.dumpDisk(), "/kdump-capture.txt")) {
                Ext4Image.extract(run.dumpDisk(), "/kdump-capture.txt", run.work().resolve("kdump-capture.txt"));
            }
            if (Ext4Image.contains(run.dumpDisk(), "/crash")) {
                Ext4Image.extractTree(run.dumpDisk(), "/crash", kdump);
            }
            if (Ext4Image.contains(run.dumpDisk(), "/kdump.conf")) {
                // the kdump.conf the capture ran with: SavedVmcores makes a vmcore saved before it existed again
                HarnessCache.privateDirectory(kdump);
                Ext4Image.extract(run.dumpDisk(), "/kdump.conf", kdump.resolve(KDUMP_CONF));
            }
            Path killed = sidWork.resolve(OOM_DIR);
            DebianKernels.deleteTree(killed);
            if (oom && Ext4Image.contains(run.dumpDisk(), "/" + OOM_RECORD)) {
                HarnessCache.privateDirectory(killed);
                Ext4Image.extract(run.dumpDisk(), "/" + OOM_RECORD, killed.resolve(OOM_RECORD));
                if (Ext4Image.contains(run.dumpDisk(), "/oom")) {
                    Ext4Image.extractTree(run.dumpDisk(), "/oom", killed);
                }
            }
        }
        lastVmcoreInfo = run.work().resolve("vmcore-info.txt");
        Path dumpfile = sidWork.resolve("dumpfile");
        Ext4Image.extract(run.dumpDisk(), "/dumpfile", dumpfile);
        Ext4Image.extract(run.dumpDisk(), "/makedumpfile.txt", run.work().resolve("makedumpfile.txt"));
        DrgnCheck drgn = setup.sid().drgn();
        Map<String, String> seen = drgn.inspect(vmcore, kernel.debugVmlinux(), marker);
        Map<String, String> seenInDump = drgn.inspect(dumpfile, kernel.debugVmlinux(), marker);
        List<String> crash = new CrashCheck(setup.sid()).compare(dumpfile, vmcore, kernel.debugVmlinux(), marker);
        CaptureReport report = new CaptureReport(kernel.label() + " " + loader.flag, kernel.release(),
                Qemu.accelerator(kernel.vmlinuz()), options.crashkernel(), run.initramfsBytes(), t.load, t.bootToPanic,
                t.panicToCapture, t.jvmStart, t.save, GuestRun.size(vmcore), t.makedumpfile, GuestRun.size(dumpfile),
                t.memTotalKiB, seen, seenInDump, crash, marker);
        run.discardImages();
        if (loader != Loader.FILE) {
            // Only the kexec_file_load captures are used again (SavedVmcores); 1 GB each otherwise.
            deleteQuietly(vmcore);
            deleteQuietly(dumpfile);
        }
        return report;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (java.io.IOException e) {
            // a leftover file costs space, nothing else
        }
    }

    /** `kexkit vmcore info /proc/vmcore` as the capture kernel of the last run printed it. */
    public Path lastVmcoreInfo() {
        return lastVmcoreInfo;
    }

    /**
     * The kernel's own line when sysrq-c fires (sysrq.c's action message; "SysRq : Trigger a crash"
     * before 5.x): the panic's moment on the console. The guest's own "panicking" line before it can
     * be lost, as the panic stops the tty while the line is still on its way out.
     */
    static final String SYSRQ_CRASH = "Trigger a crash";

    /** The timings read off the console; a missing or failed step fails with the console's tail. */
    private record Timings(double load, double bootToPanic, double panicToCapture, double jvmStart, double save,
            double makedumpfile, long memTotalKiB) {
        static Timings from(GuestRun.Result run) {
            SerialLog.Line boot = run.need("Linux version");
            SerialLog.Line load = run.needSuccess("KEXKIT-GUEST: kexec-load", "kexkit kexec -p");
            SerialLog.Line panic = run.need(SYSRQ_CRASH);
            SerialLog.Line capture = run.need("KEXKIT-GUEST: capture userspace");
            SerialLog.Line mem = run.need("KEXKIT-GUEST: capture MemTotal");
            SerialLog.Line jvm = run.need("KEXKIT-GUEST: jvm-start");
            SerialLog.Line save = run.needSuccess("KEXKIT-GUEST: vmcore-save", "kexkit vmcore save");
            SerialLog.Line dump = run.needSuccess("KEXKIT-GUEST: makedumpfile", "kexkit makedumpfile -d 31 -z");
            Matcher memM = Pattern.compile("MemTotal (\\d+)").matcher(mem.text());
            return new Timings(GuestRun.span(load), panic.seconds() - boot.seconds(), capture.seconds() - panic.seconds(),
                    GuestRun.span(jvm), GuestRun.span(save), GuestRun.span(dump), memM.find() ? Long.parseLong(memM.group(1)) : -1);
        }
    }

    private static void writeString(Path p, String text) {
        try {
            Files.writeString(p, text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
