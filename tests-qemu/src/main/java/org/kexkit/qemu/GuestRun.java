package org.kexkit.qemu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kexkit.qemu.run.Ext4Image;
import org.kexkit.qemu.run.HostCommand;
import org.kexkit.qemu.run.Qemu;
import org.kexkit.qemu.run.QemuRunException;
import org.kexkit.qemu.run.SerialLog;

/**
 * One boot of a test guest: builds the initramfs for a scenario, a read-only boot disk (vda)
 * holding the kernel and that initramfs for the guest to load, an empty dump disk (vdb), runs
 * QEMU until the guest powers off, and leaves everything in a fresh, owner-only work directory
 * (runs/NAME) until the flow has read what it needs and calls {@link Result#discardImages}.
 */
public final class GuestRun {
    /** What a finished boot left behind. */
    public record Result(Path work, SerialLog log, Path dumpDisk, long initramfsBytes) {
        private static final Pattern RC = Pattern.compile("rc=(\\d+) start=");

        public Path logFile() {
            return work.resolve("serial.log");
        }

        /** The first console line containing {@code needle}; failing, the console's tail says why. */
        public SerialLog.Line need(String needle) {
            return log.find(needle, 0).orElseThrow(() -> failure("the guest never printed '" + needle + "'"));
        }

        /** A guest step's "rc=N start=A end=B" line, which must report rc=0. */
        public SerialLog.Line needSuccess(String needle, String what) {
            SerialLog.Line line = need(needle);
            Matcher m = RC.matcher(line.text());
            if (!m.find() || !m.group(1).equals("0")) {
                throw failure(what + " failed in the guest: " + line.text());
            }
            return line;
        }

        QemuRunException failure(String what) {
            return new QemuRunException(what + " (console log: " + logFile() + "); last lines: "
                    + HostCommand.lastLines(log.tail(10), 10));
        }

        /**
         * Deletes the run's disk images, memory dumps and initramfs (hundreds of MB to GBs, the dump
         * disk holds guest memory) once the flow has read them: the console log and the small text
         * files stay. A run that fails before this keeps everything until the next run of its name.
         */
        public void discardImages() {
            discardImagesIn(work);
        }
    }

    /** The big files a run directory may hold: see {@link Result#discardImages}. */
    static void discardImagesIn(Path work) {
        DebianKernels.deleteTree(work.resolve("boot-files"));
        try (var files = Files.list(work)) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                if (n.endsWith(".img") || n.endsWith(".tar") || n.endsWith(".elf") || n.endsWith(".bin")) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Pattern SPAN = Pattern.compile("start=([0-9.]+) end=([0-9.]+)");

    /** end - start of a guest line "... start=A end=B" (guest uptime seconds), NaN if absent. */
    public static double span(SerialLog.Line line) {
        Matcher m = SPAN.matcher(line.text());
        return m.find() ? Double.parseDouble(m.group(2)) - Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private final PanicCapture.Setup setup;
    private final PanicCapture.Options options;
    private final Map<String, Path> bootDisk;

    public GuestRun(PanicCapture.Setup setup, PanicCapture.Options options) {
        this(setup, options, Map.of());
    }

    private GuestRun(PanicCapture.Setup setup, PanicCapture.Options options, Map<String, Path> bootDisk) {
        this.setup = setup;
        this.options = options;
        this.bootDisk = Map.copyOf(bootDisk);
    }

    /**
     * The same run with directory trees copied onto the boot disk (name on the disk -> host directory): what the
     * guest reads from its /boot besides the kernel and initramfs, e.g. a module tree for {@code kdump setup}.
     */
    public GuestRun withBootDisk(Map<String, Path> trees) {
        return new GuestRun(setup, options, trees);
    }

    /**
     * @param name work directory name under runs/ (emptied first)
     * @param scenario resource name of the scenario script
     * @param config variables for the guest's /etc/kexkit/guest.conf
     * @param programs extra host programs for the guest (guest path -> host file)
     * @param libraryDirs where libraries of those programs that the host lacks are
     */
    public Result boot(GuestKernel kernel, String name, String scenario, Map<String, String> config, Map<String, Path> programs,
            List<Path> libraryDirs) {
        return boot(kernel, name, scenario, config, programs, libraryDirs, Map.of());
    }

    /** The same with {@code files} copied into the image as they are (see {@link GuestInitramfs#withFiles}). */
    public Result boot(GuestKernel kernel, String name, String scenario, Map<String, String> config, Map<String, Path> programs,
            List<Path> libraryDirs, Map<String, Path> files) {
        return boot(kernel, name, scenario, config, programs, libraryDirs, files, Map.of(), work -> List.of());
    }

    /**
     * The same with module groups the scenario loads itself (see {@link GuestInitramfs#withModuleGroups})
     * and more QEMU arguments, made once the run's (emptied) work directory exists: devices whose
     * backing files live there.
     */
    public Result boot(GuestKernel kernel, String name, String scenario, Map<String, String> config, Map<String, Path> programs,
            List<Path> libraryDirs, Map<String, Path> files, Map<String, List<String>> moduleGroups,
            java.util.function.Function<Path, List<String>> qemuArgs) {
        Path work = setup.cache().freshRunDir(name);

        Path initrd = work.resolve("initrd.img");
        new GuestInitramfs(setup.busybox(), setup.runtime()).withPrograms(programs, libraryDirs)
                .withFiles(files).withModuleGroups(moduleGroups).write(initrd, kernel, scenario, config);
        long initrdBytes = size(initrd);

        Path bootFiles = work.resolve("boot-files");
        copy(kernel.vmlinuz(), bootFiles.resolve("vmlinuz"));
        copy(initrd, bootFiles.resolve("initrd.img"));
        long treeBytes = 0;
        for (var tree : bootDisk.entrySet()) {
            treeBytes += copyTree(tree.getValue(), bootFiles.resolve(tree.getKey()));
        }
        Path bootImg = work.resolve("boot.img");
        Ext4Image.create(bootImg, (int) (64 + 2 * (initrdBytes + size(kernel.vmlinuz()) + treeBytes) / 1048576), bootFiles,
                "kexkit-boot");
        Path dumpImg = work.resolve("dump.img");
        Ext4Image.create(dumpImg, options.memoryMiB() + 512, null, "kexkit-dump");

        String cmdline = ("console=ttyS0 crashkernel=" + options.crashkernel() + " panic=-1 " + options.extraCmdline()).strip();
        Qemu.Machine machine = new Qemu.Machine(kernel.vmlinuz(), initrd, cmdline, options.memoryMiB(), options.cpus(),
                List.of(new Qemu.Disk(bootImg, true), new Qemu.Disk(dumpImg, false)));
        List<String> extraArgs = qemuArgs.apply(work);
        for (int attempt = 1; ; attempt++) {
            SerialLog log = new SerialLog(work.resolve("serial.log"), options.echoConsole());
            Progress.step(name + ": " + kernel.release() + " in QEMU (" + Qemu.accelerator(kernel.vmlinuz()) + ", "
                    + options.memoryMiB() + " MiB; console " + log.file() + ")",
                    () -> Qemu.run(machine, log, timeoutSeconds(options.memoryMiB()), extraArgs));
            if (attempt == BOOT_ATTEMPTS || !bootAgainAfterEarlyCrash(name, work, log, attempt)) {
                return new Result(work, log, dumpImg, initrdBytes);
            }
        }
    }

    /** Boots of a guest whose kernel dies before userspace (see {@link #bootAgainAfterEarlyCrash}). */
    static final int BOOT_ATTEMPTS = 2;

    /**
     * True, after saying so, when the guest's kernel died while booting, before /init said
     * anything: nothing of kexkit has run then, and under TCG a kernel sometimes does (seen: an
     * "Oops: int3" in the scheduler while the kernel patches its own text on one vCPU and another
     * runs it, Debian's 7.2, once in ten boots). The console of that boot is kept beside the next.
     */
    static boolean bootAgainAfterEarlyCrash(String name, Path work, SerialLog log, int attempt) {
        java.util.Optional<SerialLog.Line> crash = earlyCrash(log);
        if (crash.isEmpty()) {
            return false;
        }
        Path kept = work.resolve("serial-boot" + attempt + ".log");
        try {
            Files.move(log.file(), kept, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Progress.say(name + ": the kernel died while booting, before userspace (\"" + crash.get().text().strip()
                + "\"); booting it again (console of that boot: " + kept + ")");
        return true;
    }

    /** The first line of a kernel crash on a console where the guest's /init never spoke. */
    static java.util.Optional<SerialLog.Line> earlyCrash(SerialLog log) {
        if (log.find("KEXKIT-GUEST:", 0).isPresent()) {
            return java.util.Optional.empty();
        }
        return log.find(t -> t.contains("Oops:") || t.contains("BUG:") || t.contains("Kernel panic - not syncing"));
    }

    /** A system property that replaces {@link #timeoutSeconds}'s 15 minutes (seconds). */
    static final String TIMEOUT_PROPERTY = "kexkit.guest.timeout";

    /** 15 minutes, and 3 more per GiB past 4: under TCG a big guest's fill and vmcore copy take longer. */
    static long timeoutSeconds(int memoryMiB) {
        return Long.getLong(TIMEOUT_PROPERTY, 900) + Math.max(0, memoryMiB - 4096) * 180L / 1024;
    }

    static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a directory tree (files and directories; links as links); returns the bytes of its files. */
    static long copyTree(Path from, Path to) {
        try (var paths = Files.walk(from)) {
            long bytes = 0;
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else {
                    // times kept: a class archive checks its jars' modification times
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES,
                            java.nio.file.LinkOption.NOFOLLOW_LINKS);
                    bytes += Files.isSymbolicLink(target) ? 0 : Files.size(target);
                }
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a file, making its directory; an I/O failure is unchecked (the harness stops). */
    static void copy(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
