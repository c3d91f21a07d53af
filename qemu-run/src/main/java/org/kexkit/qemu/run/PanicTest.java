package org.kexkit.qemu.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Boots a panic test's first kernel in QEMU with its dump disk, waits until QEMU ends (the capture reboots, or
 * the timeout), and reads back what the capture wrote with debugfs. The images are made once by
 * {@link PanicTestImages}; each boot gets a fresh dump disk in its own directory.
 */
public final class PanicTest {
    /** The first kernel's /init prefixes its lines with this. */
    static final String GUEST = "kexkit-qemu-test: ";
    /** The capture's /init (capture-init.sh) says this before it powers off. */
    static final String CAPTURE_END = "kexkit-capture: after the capture:";
    /** The kernel's line when sysrq-c fires (drivers/tty/sysrq.c, "Trigger a crash"). */
    static final String SYSRQ_CRASH = "Trigger a crash";
    /** The kernel's panic when /init ends (kernel/exit.c), how a kernel without sysrq is panicked. */
    static final String INIT_KILLED = "Attempted to kill init";

    /** True for the line where the test's panic shows in the kernel log. */
    static boolean panicLine(String text) {
        return text.contains(SYSRQ_CRASH) || text.contains(INIT_KILLED);
    }
    /** The kernel's panic line (kernel/panic.c). */
    static final String KERNEL_PANIC = "Kernel panic - not syncing";
    private static final Pattern SPAN = Pattern.compile("start=([0-9.]+) end=([0-9.]+)");

    private final PanicTestPlan plan;
    private final Path firstImage;
    private final Optional<Path> runtimeDisk;
    private final boolean echo;

    /**
     * @param firstImage the first kernel's initramfs ({@link PanicTestImages#writeFirst})
     * @param runtimeDisk the runtime disk the capture mounts read-only, with capture_runtime disk
     */
    public PanicTest(PanicTestPlan plan, Path firstImage, Optional<Path> runtimeDisk, boolean echo) {
        this.plan = plan;
        this.firstImage = firstImage;
        this.runtimeDisk = runtimeDisk;
        this.echo = echo;
    }

    /** One boot in {@code work} (created, owner-only); a boot still running after {@code timeoutSeconds} failed. */
    public PanicTestOutcome boot(Path work, long timeoutSeconds) {
        try {
            Files.createDirectories(work);
            Files.setPosixFilePermissions(work, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path disk = work.resolve("dump.img");
        // -d 31 -z leaves a fraction of memory, but the disk is sparse: room for all of it costs nothing
        Ext4Image.create(disk, plan.memoryMiB() + 256, null, PanicTestImages.DUMP_LABEL);
        String cmdline = "console=ttyS0 crashkernel=" + plan.crashkernelMiB() + "M panic=-1 rootfstype=ramfs";
        List<Qemu.Disk> disks = new java.util.ArrayList<>(List.of(new Qemu.Disk(disk, false)));
        runtimeDisk.ifPresent(r -> disks.add(new Qemu.Disk(r, true)));
        Qemu.Machine machine = new Qemu.Machine(plan.kernel(), firstImage, cmdline, plan.memoryMiB(), plan.cpus(), disks);
        String accel = Qemu.accelerator(plan.kernel());
        // QEMU takes the last -cpu: LA57 (5-level paging) on or off as asked
        List<String> cpu = List.of("-cpu", (accel.equals("kvm") ? "host" : "max") + ",la57=" + (plan.pagingLevels() == 5 ? "on" : "off"));
        SerialLog log = new SerialLog(work.resolve("serial.log"), echo);
        Optional<String> failure = Optional.empty();
        try {
            Qemu.run(machine, log, timeoutSeconds, cpu);
        } catch (QemuRunException e) {
            failure = Optional.of(e.getMessage());
        }
        Optional<SerialLog.Line> userspace = log.find(GUEST + "userspace at", 0);
        Optional<SerialLog.Line> load = log.find(GUEST + "load rc=", 0);
        Optional<SerialLog.Line> panic = log.find(PanicTest::panicLine);
        Optional<SerialLog.Line> end = log.find(CAPTURE_END, 0);
        double boot = userspace.map(SerialLog.Line::seconds).orElse(Double.NaN);
        double loadSpan = load.map(l -> span(l.text())).orElse(Double.NaN);
        double panicToDump = panic.isPresent() && end.isPresent() ? end.get().seconds() - panic.get().seconds() : Double.NaN;

        Optional<Path> crashDir = Optional.empty();
        Optional<Path> dump = Optional.empty();
        long dumpBytes = -1;
        if (Ext4Image.contains(disk, PanicTestImages.CRASH_DIR)) {
            Path out = work.resolve("disk");
            Ext4Image.extractTree(disk, PanicTestImages.CRASH_DIR, out);
            crashDir = only(out.resolve(PanicTestImages.CRASH_DIR.substring(1)));
            dump = crashDir.map(d -> d.resolve("dump")).filter(Files::isRegularFile);
            dumpBytes = dump.map(PanicTest::size).orElse(-1L);
        }
        try {
            Files.deleteIfExists(disk);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (failure.isEmpty()) {
            failure = whatFailed(log, userspace.isPresent(), load, panic.isPresent(), end.isPresent(), crashDir, dump);
        }
        return new PanicTestOutcome(plan.crashkernelMiB(), failure, boot, loadSpan, panicToDump, dumpBytes, dump, crashDir,
                log.file());
    }

    /** The first thing that did not happen, from the console and the crash directory. */
    static Optional<String> whatFailed(SerialLog log, boolean userspace, Optional<SerialLog.Line> load, boolean panicked,
            boolean captureEnded, Optional<Path> crashDir, Optional<Path> dump) {
        if (!userspace) {
            return Optional.of("the first kernel never reached its /init" + lastKernelWords(log));
        }
        if (load.isEmpty() || !load.get().text().contains("rc=0 ")) {
            // the kernel's own word when it could not reserve the region (kernel/crash_reserve.c: "crashkernel
            // reservation failed - No suitable area found."): the size does not fit this machine's memory
            Optional<SerialLog.Line> reservation = log.find(t -> t.contains("crashkernel reservation failed")
                    || t.contains("crashkernel: memory value expected"));
            if (reservation.isPresent()) {
                return Optional.of("the first kernel reserved no crash memory: "
                        + reservation.get().text().replaceFirst("^\\[[ 0-9.]+\\] ", "").strip());
            }
            return Optional.of("kexkit could not load the capture kernel" + lastKernelWords(log));
        }
        if (!panicked) {
            return Optional.of("the kernel did not panic" + lastKernelWords(log));
        }
        if (!captureEnded) {
            // the first "Kernel panic" is the sysrq one; a second is the capture kernel's own
            Optional<SerialLog.Line> second = log.find(KERNEL_PANIC, 1);
            if (second.isPresent()) {
                return Optional.of("the capture kernel panicked: " + second.get().text()
                        .substring(second.get().text().indexOf(KERNEL_PANIC)).strip());
            }
            return Optional.of("the capture kernel did not finish" + lastKernelWords(log));
        }
        if (crashDir.isEmpty()) {
            // the capture's init and kexkit kdump capture say why loudly: "DUMP FAILED: ..."
            Optional<SerialLog.Line> why = log.find("DUMP FAILED", 0);
            return Optional.of("the capture wrote no crash directory" + why.map(l -> ": " + l.text().strip())
                    .orElse(lastKernelWords(log)));
        }
        String status = read(crashDir.get().resolve("status"));
        if (!status.startsWith("result=ok\n")) {
            return Optional.of("the capture reports " + status.lines().findFirst().orElse("no status"));
        }
        return dump.isEmpty() ? Optional.of("the capture's directory holds no dump") : Optional.empty();
    }

    private static String lastKernelWords(SerialLog log) {
        String tail = log.tail(1).strip();
        return tail.isEmpty() ? "" : "; last console line: " + tail;
    }

    static double span(String text) {
        Matcher m = SPAN.matcher(text);
        return m.find() ? Double.parseDouble(m.group(2)) - Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static Optional<Path> only(Path crash) {
        if (!Files.isDirectory(crash)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(crash)) {
            List<Path> dirs = s.filter(Files::isDirectory).toList();
            return dirs.size() == 1 ? Optional.of(dirs.get(0)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
