package org.kexkit.qemu;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kexkit.bin.PhysRange;
import org.kexkit.kexec.KexecSystemReader;
import org.kexkit.qemu.run.Ext4Image;
import org.kexkit.qemu.run.QemuRunException;
import org.kexkit.qemu.run.SerialLog;

/**
 * crashkernel=SIZE plus crashkernel=SIZE,cma (kernels 6.17+): the 7.2 guest reserves a small crash region and lends a
 * CMA area to its own movable allocations; kexkit crash-loads the same kernel (kexec_file_load, or kexec_load with
 * its own header and memory map), the guest panics, and the capture kernel, which gets the CMA area as RAM, writes a
 * -d 31 -z dump. What the console and the dump disk say comes back as a {@link Report}.
 */
public final class CrashCma {
    /** What one run saw. */
    public record Report(String loader, List<PhysRange> cma, long firstMemTotalKiB, long firstCmaTotalKiB,
            long captureMemTotalKiB, Set<ProgramHeaderTable.Load> loads, String captureIomem, Path dump,
            double loadSeconds, double panicToDump, int dumpExit, String marker, GuestRun.Result run) {
    }

    private final PanicCapture.Setup setup;
    private final String regular;
    private final String cma;

    /** @param regular the crashkernel= size (e.g. 128M); @param cma the crashkernel=,cma size (e.g. 128M) */
    public CrashCma(PanicCapture.Setup setup, String regular, String cma) {
        this.setup = setup;
        this.regular = regular;
        this.cma = cma;
    }

    public Report run(GuestKernel kernel, PanicCapture.Loader loader) {
        String name = "crash-cma" + loader.runSuffix + "-" + kernel.label();
        String marker = "KEXKIT-MARKER-" + UUID.randomUUID();
        PanicCapture.Options options = PanicCapture.Options.defaults().withCrashkernel(regular)
                .withExtraCmdline("crashkernel=" + cma + ",cma");
        GuestRun.Result run = new GuestRun(setup, options).boot(kernel, name, "scenario-crash-cma.sh",
                Map.of("MARKER", marker, "CAPTURE_APPEND", PanicCapture.CAPTURE_APPEND, "LOAD_ARGS", loader.flag),
                Map.of(), List.of());
        List<PhysRange> ranges = ranges(run.need("KEXKIT-GUEST: cma-ranges").text());
        long firstMemTotal = kib(run.need("KEXKIT-GUEST: first MemTotal"));
        long firstCmaTotal = kib(run.need("KEXKIT-GUEST: first CmaTotal"));
        SerialLog.Line load = run.needSuccess("KEXKIT-GUEST: kexec-load", "kexkit kexec -p " + loader.flag);
        SerialLog.Line panic = run.need(PanicCapture.SYSRQ_CRASH);
        long captureMemTotal = kib(run.need("KEXKIT-GUEST: capture MemTotal"));
        SerialLog.Line dump = run.need("KEXKIT-GUEST: makedumpfile");
        Matcher rc = Pattern.compile("rc=(\\d+)").matcher(dump.text());
        rc.find();
        Path info = run.work().resolve("vmcore-info.txt");
        Ext4Image.extract(run.dumpDisk(), "/vmcore-info.txt", info);
        Path iomem = run.work().resolve("capture-iomem.txt");
        Ext4Image.extract(run.dumpDisk(), "/capture-iomem.txt", iomem);
        Path dumpfile = setup.sid().workDir(name).resolve("dumpfile");
        if (Integer.parseInt(rc.group(1)) == 0) {
            Ext4Image.extract(run.dumpDisk(), "/dumpfile", dumpfile);
        }
        return new Report(loader.flag, ranges, firstMemTotal, firstCmaTotal, captureMemTotal, ProgramHeaderTable.loads(info), read(iomem), dumpfile,
                GuestRun.span(load), dump.seconds() - panic.seconds(), Integer.parseInt(rc.group(1)), marker, run);
    }

    /** The number before " kB" in a line such as "KEXKIT-GUEST: first CmaTotal 131072 kB". */
    static long kib(SerialLog.Line line) {
        Matcher m = Pattern.compile("(\\d+) kB").matcher(line.text());
        if (!m.find()) {
            throw new QemuRunException("no size in kB in \"" + line.text() + "\"");
        }
        return Long.parseLong(m.group(1));
    }

    /** "KEXKIT-GUEST: cma-ranges 30000000-37ffffff ...": the kernel's sysfs lines, joined by blanks on the console. */
    static List<PhysRange> ranges(String line) {
        String listed = line.substring(line.indexOf("cma-ranges") + "cma-ranges".length()).strip();
        return KexecSystemReader.crashCmaRanges(listed.replace(' ', '\n'));
    }

    private static String read(Path p) {
        try {
            return java.nio.file.Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
